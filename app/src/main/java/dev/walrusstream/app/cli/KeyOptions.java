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

    /**
     * A failure to open encrypted data as the error a command prints: a refused or missing key names the
     * key ID and the options that give a key; tampering names the chunk and says nothing was written as
     * complete.
     */
    static RuntimeException failure(String what, EncryptionException e) {
        if (e instanceof EncryptionException.KeyRefused k) {
            return new IllegalArgumentException("refused: " + what + ": " + e.getMessage() + " (key ID '" + k.keyId()
                    + "'; give that key with --key-file FILE or --key-source SPEC)", e);
        }
        if (e instanceof EncryptionException.Tampered t) {
            return new IllegalStateException(what + ": failed decryption" + (t.chunk() >= 0 ? " at chunk " + t.chunk() : "")
                    + ": " + e.getMessage() + "; no plaintext was written as complete", e);
        }
        return new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }

    /** The key source as a spec ({@code file:PATH} for --key-file), or null when none was given. */
    String spec() {
        if (keyFile != null && keySource != null) {
            throw new IllegalArgumentException("give --key-file or --key-source, not both");
        }
        return keyFile != null ? "file:" + keyFile.toAbsolutePath() : keySource;
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
