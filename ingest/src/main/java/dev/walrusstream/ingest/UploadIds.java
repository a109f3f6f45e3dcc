package dev.walrusstream.ingest;

import java.security.SecureRandom;
import java.util.UUID;

/** Upload ids: UUID version 7 (time-ordered, random tail), so ids sort by creation time. */
public final class UploadIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private UploadIds() {
    }

    public static String next() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
