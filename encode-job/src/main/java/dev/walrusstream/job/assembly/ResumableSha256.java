package dev.walrusstream.job.assembly;

/**
 * A SHA-256 whose running state can be saved into Flink state and resumed after a restore: the
 * whole-upload digest of an upload cut into segments, whose earlier bytes are gone by the time its
 * last chunk arrives. The saved form is Bouncy Castle's encoded {@code SHA256Digest} state (what the
 * checkpoints of earlier builds hold), whichever engine wrote it, so the engines can replace one
 * another across a restore. {@link Sha256Engines} picks the engine.
 */
public sealed interface ResumableSha256 permits BouncyCastleSha256, JdkSha256 {

    void update(byte[] bytes, int offset, int length);

    default void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    /** The encoded state over every byte so far; hashing may go on afterwards. */
    byte[] saveState();

    /** Finishes: the SHA-256 of every byte so far. The instance is spent. */
    byte[] digest();

    /** The state saved after the bytes hashed so far, resumed on the best engine (null: no bytes yet). */
    static ResumableSha256 resume(byte[] savedState) {
        return Sha256Engines.best().resume(savedState);
    }
}
