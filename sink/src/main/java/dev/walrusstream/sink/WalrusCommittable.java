package dev.walrusstream.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * One stored blob between the writer (which registered, uploaded and gathered a quorum of
 * confirmations before the checkpoint) and the committer (which certifies once the checkpoint
 * completed), and then the receipts. Everything the committer and the receipts need, no slivers.
 *
 * <p>{@link #status} starts as {@code READY} (certificate in hand) or the final outcome when the
 * writer already knew it; the committer sets it to the certification's outcome.
 */
public final class WalrusCommittable {
    public enum Status { READY, NEWLY_CREATED, ALREADY_CERTIFIED, MARKED_INVALID, ERROR }

    public String name;
    public String blobId;
    public String objectId;
    public boolean quilt;
    public long size;
    public long encodedSize;
    public boolean deletable;
    public int startEpoch = -1;
    public int endEpoch = -1;
    public Status status;
    public String errorPhase;
    public String errorReason;
    /** The aggregate certificate: signature, signers bitmap and the signed message. */
    public byte[] signature;
    public byte[] signersBitmap;
    public byte[] message;
    public long certifiedAtMillis;
    public List<BlobPart> parts = new ArrayList<>();
    /** Set when the blob is an encrypted envelope: key ID, wrap algorithm, wrapped data key, chunk size. */
    public String encryptionKeyId;
    public int encryptionWrapAlgorithm;
    public byte[] encryptionWrappedKey;
    public int encryptionChunkSize;
    /** Bytes before encryption ({@link #size} is the envelope's). */
    public long plaintextSize;

    public boolean encrypted() {
        return encryptionKeyId != null;
    }

    @Override
    public String toString() {
        return name + " " + blobId + " " + status;
    }
}
