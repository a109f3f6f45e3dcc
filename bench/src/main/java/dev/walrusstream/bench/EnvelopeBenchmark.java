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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What client-side encryption adds to storing a blob: sealing and opening an envelope
 * (docs/encryption.md) against the baseline of Red Stuff encoding the same bytes, in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class EnvelopeBenchmark {
    @Param({"8388608"})
    int size;

    @Param({"100"})
    int shards;

    byte[] data;
    byte[] envelope;
    KeySource keys;
    RedStuff codec;

    @Setup
    public void setup() throws EncryptionException {
        data = new byte[size];
        new Random(1).nextBytes(data);
        keys = AesKeyWrapKeys.of(new byte[32], "bench");
        envelope = Envelope.create(keys).encrypt(data);
        codec = RedStuff.create();
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
