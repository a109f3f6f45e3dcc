package dev.walrusstream.client;

/**
 * What a store asks for: how many epochs ahead the blob must be stored, whether it is deletable
 * (otherwise permanent), and {@code force} to register a new blob object even when the blob is
 * already certified long enough.
 */
public record StoreOptions(int epochs, boolean deletable, boolean force) {
    public StoreOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
    }

    public static StoreOptions permanent(int epochs) {
        return new StoreOptions(epochs, false, false);
    }

    public static StoreOptions deletable(int epochs) {
        return new StoreOptions(epochs, true, false);
    }
}
