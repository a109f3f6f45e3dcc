package dev.walrusstream.codec;

import java.util.Random;

/** Child-JVM entry point for {@link EncodeMemoryIT}: encodes one random blob and prints its ID. */
public final class HeapBoundProbe {
    private HeapBoundProbe() {
    }

    public static void main(String[] args) {
        int shards = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        byte[] data = new byte[size];
        new Random(3).nextBytes(data);
        EncodedBlob blob = RedStuff.create().encode(shards, data);
        System.out.println(blob.blobId());
    }
}
