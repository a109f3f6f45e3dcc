package dev.walrusstream.sui.keys;

import dev.walrusstream.codec.ids.SuiAddress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the signing key comes from. Text form (for flags and configuration):
 * {@code env:NAME} (a variable holding {@code suiprivkey1…}), {@code file:PATH} (a file holding
 * it), {@code keystore:PATH[#0xADDRESS]} (a Sui CLI keystore), or the {@code suiprivkey1…} string
 * itself. No variant's {@code toString} shows a secret.
 */
public sealed interface KeySource
        permits KeySource.Inline, KeySource.EnvironmentVariable, KeySource.KeyFile, KeySource.Keystore, KeySource.None {

    SuiKeyPair load();

    /** No key: a read-only client (storage nodes following the chain). */
    static KeySource none() {
        return None.INSTANCE;
    }

    /** True when this source holds no key (read-only use). */
    default boolean isNone() {
        return this instanceof None;
    }

    static KeySource parse(String text) {
        if (text == null || text.isBlank()) {
            throw new KeyFormatException("key source is empty; use env:NAME, file:PATH, keystore:PATH[#ADDRESS] "
                    + "or a suiprivkey1… string");
        }
        String t = text.trim();
        if (t.startsWith("env:")) {
            return new EnvironmentVariable(t.substring(4));
        }
        if (t.startsWith("file:")) {
            return new KeyFile(Path.of(t.substring(5)));
        }
        if (t.startsWith("keystore:")) {
            String rest = t.substring(9);
            int hash = rest.lastIndexOf('#');
            if (hash < 0) {
                return new Keystore(Path.of(rest), Optional.empty());
            }
            return new Keystore(Path.of(rest.substring(0, hash)), Optional.of(SuiAddress.parsePrefixed(rest.substring(hash + 1))));
        }
        if (t.startsWith(SuiKeyPair.PRIVATE_KEY_HRP + "1")) {
            return new Inline(t);
        }
        throw new KeyFormatException("unrecognised key source (expected env:NAME, file:PATH, "
                + "keystore:PATH[#ADDRESS] or a suiprivkey1… string)");
    }

    /** The {@code suiprivkey1…} string given directly. */
    record Inline(String suiPrivateKey) implements KeySource {
        public Inline {
            Objects.requireNonNull(suiPrivateKey, "suiPrivateKey");
        }

        @Override
        public SuiKeyPair load() {
            return SuiKeyPair.fromSuiPrivateKey(suiPrivateKey);
        }

        @Override
        public String toString() {
            return "Inline[suiprivkey1…]";
        }
    }

    record EnvironmentVariable(String name) implements KeySource {
        public EnvironmentVariable {
            if (name == null || name.isBlank()) {
                throw new KeyFormatException("environment variable name is empty");
            }
        }

        @Override
        public SuiKeyPair load() {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new KeyFormatException("environment variable " + name + " is not set");
            }
            try {
                return SuiKeyPair.fromSuiPrivateKey(value);
            } catch (KeyFormatException e) {
                throw new KeyFormatException("environment variable " + name + ": " + e.getMessage());
            }
        }
    }

    record KeyFile(Path path) implements KeySource {
        public KeyFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public SuiKeyPair load() {
            String value;
            try {
                value = Files.readString(path).trim();
            } catch (IOException e) {
                throw new KeyFormatException("cannot read key file " + path + ": " + e.getMessage(), e);
            }
            try {
                return SuiKeyPair.fromSuiPrivateKey(value);
            } catch (KeyFormatException e) {
                throw new KeyFormatException("key file " + path + ": " + e.getMessage());
            }
        }
    }

    /** No signing key; {@link #load} fails. */
    record None() implements KeySource {
        static final None INSTANCE = new None();

        @Override
        public SuiKeyPair load() {
            throw new KeyFormatException("no signing key configured: this Sui client is read-only (set sui.key)");
        }

        @Override
        public String toString() {
            return "None[read-only]";
        }
    }

    record Keystore(Path path, Optional<SuiAddress> address) implements KeySource {
        public Keystore {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public SuiKeyPair load() {
            return SuiKeystore.load(path).select(address);
        }
    }
}
