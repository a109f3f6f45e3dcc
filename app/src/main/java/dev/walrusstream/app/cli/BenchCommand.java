package dev.walrusstream.app.cli;

import picocli.CommandLine.Command;

/** {@code walrus-stream bench}: quick benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Quick benchmarks.",
        subcommands = {BenchNetCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
