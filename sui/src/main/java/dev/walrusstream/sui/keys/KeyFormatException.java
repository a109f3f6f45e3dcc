package dev.walrusstream.sui.keys;

/**
 * A key that cannot be imported. The message says what was wrong and where (file, entry) but
 * never repeats secret key material.
 */
public final class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
