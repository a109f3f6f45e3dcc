package dev.walrusstream.app.cli;

import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.KeySource;
import dev.walrusstream.crypto.KeySources;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the key-encryption key comes from: {@code --key-file FILE} or {@code --key-source SPEC}. */
final class KeyOptions {
    @Option(names = "--key-file", paramLabel = "FILE",
            description = "Key-encryption key: a file with 32 raw bytes, 64 hex digits or base64 (docs/encryption.md).")
    Path keyFile;

    @Option(names = "--key-source", paramLabel = "SPEC",
            description = "Key-encryption key from file:PATH, env:NAME, pkcs12:PATH?password-env=VAR&alias=A or "
                    + "kms:NAME (a KeySourceProvider).")
    String keySource;

    boolean given() {
        return keyFile != null || keySource != null;
    }

    /** The key source, or null when none was given. */
    KeySource open() throws EncryptionException {
        if (keyFile != null && keySource != null) {
            throw new IllegalArgumentException("give --key-file or --key-source, not both");
        }
        if (keyFile != null) {
            return KeySources.keyFile(keyFile);
        }
        return keySource == null ? null : KeySources.open(keySource);
    }
}
