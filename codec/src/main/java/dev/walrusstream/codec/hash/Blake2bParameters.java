package dev.walrusstream.codec.hash;

/** The constants of BLAKE2b (RFC 7693) shared by the scalar and the lane (vector) implementation. */
final class Blake2bParameters {
    static final long IV0 = 0x6a09e667f3bcc908L;
    static final long IV1 = 0xbb67ae8584caa73bL;
    static final long IV2 = 0x3c6ef372fe94f82bL;
    static final long IV3 = 0xa54ff53a5f1d36f1L;
    static final long IV4 = 0x510e527fade682d1L;
    static final long IV5 = 0x9b05688c2b3e6c1fL;
    static final long IV6 = 0x1f83d9abfb41bd6bL;
    static final long IV7 = 0x5be0cd19137e2179L;
    /** h0 of unkeyed BLAKE2b-256: IV0 ^ 0x01010000 ^ digest length 32. */
    static final long H0_256 = IV0 ^ 0x01010000L ^ 32;
    static final int BLOCK = 128;

    /** The message schedule of the twelve rounds (rounds 10 and 11 repeat 0 and 1). */
    static final byte[] SIGMA = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
    };

    private Blake2bParameters() {
    }
}
