package dev.walrusstream.crypto;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Opens a {@link KeySource} from a spec:
 * <ul>
 *   <li>{@code file:PATH} (or a bare path): 32 raw bytes, or 64 hex digits, or base64 of 32 bytes;</li>
 *   <li>{@code env:NAME}: an environment variable holding 64 hex digits or base64 of 32 bytes;</li>
 *   <li>{@code pkcs12:PATH?password-env=VAR[&alias=A]} (or {@code password-file=FILE}): a PKCS#12
 *       keystore of AES secret keys; key IDs are the aliases; new uploads use {@code alias} (or the
 *       only one); all aliases can unwrap (rotation);</li>
 *   <li>{@code kms:NAME[?k=v&...]}: a {@link KeySourceProvider} found by {@link ServiceLoader} with that
 *       name, or a class of that name implementing {@link KeySourceProvider} or {@link KeySource}.</li>
 * </ul>
 * File and environment keys are named by their fingerprint ({@link AesKeyWrapKeys#fingerprint(byte[])}).
 */
public final class KeySources {
    private KeySources() {
    }

    public static KeySource open(String spec) throws EncryptionException {
        return open(spec, System::getenv);
    }

    /** As {@link #open(String)} with the environment given (for tests). */
    public static KeySource open(String spec, Function<String, String> env) throws EncryptionException {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("key source spec is empty; use file:PATH, env:NAME, "
                    + "pkcs12:PATH?password-env=VAR or kms:NAME");
        }
        int colon = spec.indexOf(':');
        String scheme = colon > 1 ? spec.substring(0, colon) : "";
        String rest = colon > 1 ? spec.substring(colon + 1) : spec;
        return switch (scheme) {
            case "file" -> keyFile(Path.of(rest));
            case "env" -> envKey(rest, env);
            case "pkcs12" -> pkcs12(rest, env);
            case "kms" -> kms(rest);
            default -> keyFile(Path.of(spec));
        };
    }

    /** A 32-byte key-encryption key from a file. */
    public static KeySource keyFile(Path file) throws EncryptionException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new EncryptionException.KeyRefused(null, "key file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new EncryptionException.KeyRefused(null, "key file " + file + " is unreadable: " + e.getMessage(), e);
        }
        byte[] key = raw.length == 32 ? raw : decodeText(new String(raw, StandardCharsets.US_ASCII), "key file " + file);
        return AesKeyWrapKeys.of(key, "key file " + file);
    }

    /** A 32-byte key-encryption key from environment variable {@code name}. */
    public static KeySource envKey(String name, Function<String, String> env) throws EncryptionException {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new EncryptionException.KeyRefused(null, "environment variable " + name + " is not set (it should "
                    + "hold a 32-byte key as 64 hex digits or base64)", null);
        }
        return AesKeyWrapKeys.of(decodeText(value, "environment variable " + name), "environment variable " + name);
    }

    /** Writes a fresh random 32-byte key as hex to {@code file} (owner-only permissions where supported). */
    public static String generateKeyFile(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        if (Files.exists(file)) {
            throw new IOException("key file " + file + " already exists; not overwriting a key");
        }
        Files.writeString(file, HexFormat.of().formatHex(key) + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return AesKeyWrapKeys.fingerprint(key);
    }

    private static byte[] decodeText(String text, String where) throws EncryptionException {
        String t = text.strip();
        byte[] key = null;
        if (t.length() == 64 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            key = HexFormat.of().parseHex(t);
        } else {
            try {
                key = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
        }
        if (key == null || key.length != 32) {
            throw new EncryptionException.KeyRefused(null, where + " does not hold a 32-byte key (32 raw bytes, 64 hex "
                    + "digits or base64 of 32 bytes); it holds " + t.length() + " characters", null);
        }
        return key;
    }

    private static Map<String, String> query(String rest) {
        int q = rest.indexOf('?');
        if (q < 0) {
            return Map.of();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : rest.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("key source setting '" + pair + "' is not key=value");
            }
            settings.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return settings;
    }

    private static String beforeQuery(String rest) {
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }

    private static KeySource pkcs12(String rest, Function<String, String> env) throws EncryptionException {
        Path file = Path.of(beforeQuery(rest));
        Map<String, String> settings = query(rest);
        char[] password = password(settings, env, "pkcs12:" + file);
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new EncryptionException.KeyRefused(null, "keystore " + file + " does not exist", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new EncryptionException.KeyRefused(null, "keystore " + file + " cannot be opened (wrong password, "
                    + "or not PKCS#12): " + e.getMessage(), e);
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key k = store.getKey(alias, password);
                    if (k instanceof SecretKey s && "AES".equalsIgnoreCase(s.getAlgorithm())) {
                        keys.put(alias, s);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new EncryptionException.KeyRefused(null, "keystore " + file + " keys cannot be read: "
                    + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new EncryptionException.KeyRefused(null, "keystore " + file + " holds no AES secret key", null);
        }
        String alias = settings.get("alias");
        if (alias == null) {
            if (keys.size() > 1) {
                throw new IllegalArgumentException("keystore " + file + " holds " + keys.keySet() + "; say which "
                        + "encrypts new uploads with ?alias=NAME");
            }
            alias = keys.keySet().iterator().next();
        } else if (!keys.containsKey(alias)) {
            throw new EncryptionException.KeyRefused(alias, "keystore " + file + " has no AES key '" + alias
                    + "' (it has " + keys.keySet() + ")", null);
        }
        return new AesKeyWrapKeys(alias, keys, "keystore " + file);
    }

    private static char[] password(Map<String, String> settings, Function<String, String> env, String where)
            throws EncryptionException {
        if (settings.containsKey("password-env")) {
            String v = env.apply(settings.get("password-env"));
            if (v == null) {
                throw new EncryptionException.KeyRefused(null, where + ": environment variable "
                        + settings.get("password-env") + " (password-env) is not set", null);
            }
            return v.toCharArray();
        }
        if (settings.containsKey("password-file")) {
            try {
                return Files.readString(Path.of(settings.get("password-file"))).strip().toCharArray();
            } catch (IOException e) {
                throw new EncryptionException.KeyRefused(null, where + ": password file "
                        + settings.get("password-file") + " is unreadable: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(where + " needs ?password-env=VAR or ?password-file=FILE");
    }

    private static KeySource kms(String rest) throws EncryptionException {
        String name = beforeQuery(rest);
        Map<String, String> settings = query(rest);
        for (KeySourceProvider p : ServiceLoader.load(KeySourceProvider.class)) {
            if (p.name().equals(name)) {
                return p.open(settings);
            }
        }
        Object instance;
        try {
            Class<?> type = Class.forName(name, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : KeySources.class.getClassLoader());
            instance = type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("kms:" + name + " names no KeySourceProvider registered with "
                    + "ServiceLoader and no class on the class path", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("kms:" + name + " cannot be instantiated (it needs a public "
                    + "no-argument constructor): " + e, e);
        }
        if (instance instanceof KeySourceProvider p) {
            return p.open(settings);
        }
        if (instance instanceof KeySource s) {
            return s;
        }
        throw new IllegalArgumentException("kms:" + name + " is a " + instance.getClass().getName()
                + ", neither a KeySourceProvider nor a KeySource");
    }
}
