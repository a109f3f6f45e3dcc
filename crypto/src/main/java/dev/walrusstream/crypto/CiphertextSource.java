package dev.walrusstream.crypto;

import java.io.IOException;

/** Random access to an envelope's bytes: a blob read by ranges, a file, an array. */
public interface CiphertextSource {

    /** The envelope's length in bytes. */
    long length() throws IOException;

    /** Exactly {@code length} bytes from {@code offset}. */
    byte[] read(long offset, int length) throws IOException;

    static CiphertextSource of(byte[] envelope) {
        return new CiphertextSource() {
            @Override
            public long length() {
                return envelope.length;
            }

            @Override
            public byte[] read(long offset, int length) {
                if (offset < 0 || length < 0 || offset + length > envelope.length) {
                    throw new IndexOutOfBoundsException("read [" + offset + ", " + (offset + length) + ") of a "
                            + envelope.length + "-byte envelope");
                }
                return java.util.Arrays.copyOfRange(envelope, (int) offset, (int) offset + length);
            }
        };
    }
}
