package dev.walrusstream.app.cli;

import dev.walrusstream.codec.BlobId;

/** The {@code BLOB_ID} parameter of the commands that read or inspect one blob. */
final class BlobIdArgument {
    private BlobIdArgument() {
    }

    /** Parses a base64url blob ID; the error names the parameter and what is wrong with the value. */
    static BlobId parse(String text) {
        try {
            return BlobId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BLOB_ID: " + e.getMessage());
        }
    }
}
