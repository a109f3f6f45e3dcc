package dev.walrusstream.embedded.process;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of child JVMs: runs {@code args[0]}'s {@code main} with the remaining arguments, and exits when
 * standard input reaches end-of-file, which happens when the parent process dies, however it dies (even
 * SIGKILL), because the parent holds the write end of the pipe. So no child outlives its parent.
 * Uses only the JDK: it runs on the child's class path next to foreign jars.
 */
public final class ExitWithParent {
    private ExitWithParent() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ExitWithParent MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        Thread watch = new Thread(ExitWithParent::watchStdin, "exit-with-parent");
        watch.setDaemon(true);
        watch.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watchStdin() {
        try {
            byte[] sink = new byte[256];
            while (System.in.read(sink) != -1) {
                // the parent writes nothing; just wait for end-of-file
            }
        } catch (IOException ignored) {
            // a broken pipe means the same: the parent is gone
        }
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException ignored) {
                // halt anyway
            }
            Runtime.getRuntime().halt(3);
        }, "exit-with-parent-halt");
        halt.setDaemon(true);
        halt.start();
        System.err.println("parent process is gone; exiting");
        System.exit(0);
    }
}
