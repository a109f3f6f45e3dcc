package dev.walrusstream.ingest;

import java.io.IOException;

/** An upload was stopped before its last chunk (its source changed, or sending failed); it stays incomplete. */
public final class UploadAbortedException extends IOException {
    public UploadAbortedException(String message) {
        super(message);
    }

    public UploadAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
