package dev.walrusstream.embedded.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A one-class jar holding {@link ExitWithParent}, written once into a directory (named after the class's hash).
 * Child JVMs get it on their class path instead of this module's classes: a stable jar (class-data sharing
 * refuses directories on the class path) with nothing else in it.
 */
public final class ChildLauncherJar {
    private ChildLauncherJar() {
    }

    public static Path in(Path dir) {
        String resource = ExitWithParent.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = ExitWithParent.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("class file " + resource + " not found");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path jar = dir.resolve("exit-with-parent-" + hash(bytes) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID() + ".jar");
        try {
            Files.createDirectories(dir);
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
            try (OutputStream out = Files.newOutputStream(tmp);
                 JarOutputStream jout = new JarOutputStream(out, manifest)) {
                JarEntry e = new JarEntry(resource);
                e.setTime(0);
                jout.putNextEntry(e);
                jout.write(bytes);
                jout.closeEntry();
            }
            try {
                Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar, e);
        }
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
