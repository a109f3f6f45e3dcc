package dev.walrusstream.app.cli;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.quilt.QuiltPatchId;

/** Parsing of quilt IDs and quilt patch IDs given on the command line, errors naming the option. */
final class QuiltArguments {
    private QuiltArguments() {
    }

    static BlobId quiltId(String text, String option) {
        try {
            return BlobId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    static QuiltPatchId patchId(String text, String option) {
        try {
            return QuiltPatchId.parse(text);
        } catch (CodecException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
