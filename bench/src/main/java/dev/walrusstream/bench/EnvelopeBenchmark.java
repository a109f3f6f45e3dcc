package dev.walrusstream.bench;

import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.crypto.AesKeyWrapKeys;
import dev.walrusstream.crypto.Decryptor;
import dev.walrusstream.crypto.Envelope;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.KeySource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What client-side encryption costs, against baselines measured in the same run and fork: sealing and
 * opening an envelope (docs/encryption.md: chunked AES-256-GCM, 64 KiB chunks) versus plain
 * AES-256-GCM over the same bytes (in 64 KiB chunks: the floor of any chunked format; and in one
 * call), a plain copy of the bytes
 * (memory bandwidth) and Red Stuff encoding the same bytes (what a store does anyway). Quote ratios
 * (seal / aesGcmChunkedEncryptBaseline, open / aesGcmDecryptBaseline, seal / redStuffEncodeBaseline): the
 * machine the figures come from is shared.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class EnvelopeBenchmark {
    @Param({"1048576", "8388608"})
    int size;

    @Param({"100"})
    int shards;

    byte[] data;
    byte[] envelope;
    byte[] gcmCiphertext;
    KeySource keys;
    RedStuff codec;
    SecretKeySpec aesKey;
    long counter;

    @Setup
    public void setup() throws EncryptionException, GeneralSecurityException {
        data = new byte[size];
        new Random(1).nextBytes(data);
        keys = AesKeyWrapKeys.of(new byte[32], "bench");
        envelope = Envelope.create(keys).encrypt(data);
        codec = RedStuff.create();
        byte[] k = new byte[32];
        new Random(2).nextBytes(k);
        aesKey = new SecretKeySpec(k, "AES");
        gcmCiphertext = gcm(Cipher.ENCRYPT_MODE, data, new byte[12]);
    }

    private byte[] gcm(int mode, byte[] in, byte[] iv) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, aesKey, new GCMParameterSpec(128, iv));
        return c.doFinal(in);
    }

    @Benchmark
    public byte[] copyBaseline() {
        return data.clone();
    }

    @Benchmark
    public byte[] aesGcmEncryptBaseline() throws GeneralSecurityException {
        // a fresh nonce per call, as the JDK refuses to reuse one with the same key
        return gcm(Cipher.ENCRYPT_MODE, data, nextNonce());
    }

    @Benchmark
    public byte[] aesGcmDecryptBaseline() throws GeneralSecurityException {
        return gcm(Cipher.DECRYPT_MODE, gcmCiphertext, new byte[12]);
    }

    /**
     * The fair floor of a chunked format: plain AES-256-GCM over the same bytes in 64 KiB chunks (one
     * {@code doFinal} per chunk, fresh nonce each), without the envelope's header, key wrap and nonce
     * derivation. (One {@code doFinal} over megabytes is far slower on the JDK: see the baseline above.)
     */
    @Benchmark
    public byte[] aesGcmChunkedEncryptBaseline() throws GeneralSecurityException {
        int chunk = 1 << 16;
        byte[] out = new byte[data.length + 16 * ((data.length + chunk - 1) / chunk)];
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        int o = 0;
        for (int at = 0; at < data.length; at += chunk) {
            c.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nextNonce()));
            o += c.doFinal(data, at, Math.min(chunk, data.length - at), out, o);
        }
        return out;
    }

    private byte[] nextNonce() {
        long n = ++counter;
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (n >>> (8 * i));
        }
        return iv;
    }

    @Benchmark
    public Object redStuffEncodeBaseline() {
        return codec.encode(shards, data);
    }

    @Benchmark
    public byte[] seal() throws EncryptionException {
        return Envelope.create(keys).encrypt(data);
    }

    @Benchmark
    public byte[] open() throws EncryptionException {
        return new Decryptor(keys).decrypt(envelope);
    }
}
