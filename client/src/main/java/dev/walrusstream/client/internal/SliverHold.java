package dev.walrusstream.client.internal;

import dev.walrusstream.codec.EncodedBlob;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One upload's hold on an encoded blob's slivers ({@link EncodedBlob#retain()}), let go exactly once.
 * After a failed upload the release waits {@link #AFTER_FAILURE_MS}: the JDK HTTP client may return a
 * timeout or an interruption while its socket writer is still sending the request body, which is the
 * sliver arrays themselves (no copy), and a pooled arena must not be encoded into under it. A release
 * that throws (a holder released twice elsewhere) is logged, never thrown into the write.
 */
final class SliverHold {
    private static final System.Logger LOG = System.getLogger(SliverHold.class.getName());
    /** How long a failed upload's slivers stay held: the client closes the aborted connection right after. */
    static final long AFTER_FAILURE_MS = 2_000;
    private static final SliverHold NONE = new SliverHold(null);

    private final EncodedBlob blob;
    private final AtomicBoolean released = new AtomicBoolean();

    private SliverHold(EncodedBlob blob) {
        this.blob = blob;
    }

    /** Retains {@code blob} (nothing to hold when it is null: confirmations only). */
    static SliverHold take(EncodedBlob blob) {
        if (blob == null) {
            return NONE;
        }
        blob.retain();
        return new SliverHold(blob);
    }

    /** Lets go, the first time only; {@code failed}: the upload failed, so a request may still be sending. */
    void release(boolean failed) {
        if (blob == null || !released.compareAndSet(false, true)) {
            return;
        }
        if (failed) {
            CompletableFuture.delayedExecutor(AFTER_FAILURE_MS, TimeUnit.MILLISECONDS).execute(this::releaseNow);
        } else {
            releaseNow();
        }
    }

    private void releaseNow() {
        try {
            blob.release();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "releasing the slivers of blob " + blob.blobId() + " failed", e);
        }
    }
}
