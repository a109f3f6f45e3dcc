package dev.walrusstream.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * A stand-in KMS for the hook's tests: its master key stays inside; it wraps with AES-GCM
 * (nonce || ciphertext || tag, the key ID as additional data) under its own wrap code.
 */
public final class TestKms implements KeySourceProvider {
    static final int WRAP_ALGORITHM = 200;
    private static final byte[] MASTER = EnvelopeTest.bytes(32, 99);

    @Override
    public String name() {
        return "test-kms";
    }

    @Override
    public KeySource open(Map<String, String> settings) {
        String id = "test-kms/" + settings.getOrDefault("key", "alpha");
        return new KeySource() {
            @Override
            public String keyId() {
                return id;
            }

            @Override
            public WrappedKey wrap(byte[] dataKey) {
                try {
                    byte[] nonce = new byte[12];
                    new SecureRandom().nextBytes(nonce);
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(MASTER, "AES"), new GCMParameterSpec(128, nonce));
                    c.updateAAD(id.getBytes());
                    byte[] ct = c.doFinal(dataKey);
                    byte[] out = Arrays.copyOf(nonce, 12 + ct.length);
                    System.arraycopy(ct, 0, out, 12, ct.length);
                    return new WrappedKey(id, WRAP_ALGORITHM, out);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public byte[] unwrap(WrappedKey w) throws EncryptionException {
                if (w.algorithm() != WRAP_ALGORITHM || !w.keyId().startsWith("test-kms/")) {
                    throw new EncryptionException.KeyRefused(w.keyId(), "test KMS has no key " + w.keyId(), null);
                }
                try {
                    byte[] b = w.bytes();
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(MASTER, "AES"),
                            new GCMParameterSpec(128, b, 0, 12));
                    c.updateAAD(w.keyId().getBytes());
                    return c.doFinal(b, 12, b.length - 12);
                } catch (GeneralSecurityException e) {
                    throw new EncryptionException.KeyRefused(w.keyId(), "test KMS cannot unwrap for " + w.keyId(), e);
                }
            }
        };
    }
}
