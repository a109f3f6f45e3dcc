package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import dev.walrusstream.codec.BlobId;

import java.util.HexFormat;

/**
 * The message a storage node signs to confirm it stores a blob (docs/protocol/walrus-spec.md §4): BCS of
 * {@code ProtocolMessage { intent: [1 BLOB_CERT_MSG, 0 version, 3 storage app], epoch: u32,
 * body: { blob_id, persistence } }} — 40 bytes for permanent blobs, 72 for deletable ones.
 */
public record ConfirmationMessage(int epoch, BlobId blobId, PersistenceType persistence) {
    public static final int INTENT_BLOB_CERT = 1;
    public static final int INTENT_VERSION = 0;
    public static final int APP_ID_STORAGE = 3;

    public ConfirmationMessage {
        if (epoch < 0 || blobId == null || persistence == null) {
            throw new IllegalArgumentException("confirmation needs a non-negative epoch, a blob ID and a persistence type");
        }
    }

    public byte[] toBcs() {
        byte[] p = persistence.toBcs();
        byte[] out = new byte[7 + BlobId.LENGTH + p.length];
        out[0] = INTENT_BLOB_CERT;
        out[1] = INTENT_VERSION;
        out[2] = APP_ID_STORAGE;
        for (int i = 0; i < 4; i++) {
            out[3 + i] = (byte) (epoch >>> (8 * i));
        }
        System.arraycopy(blobId.bytes(), 0, out, 7, BlobId.LENGTH);
        System.arraycopy(p, 0, out, 7 + BlobId.LENGTH, p.length);
        return out;
    }

    /**
     * Parses a signed message the way Walrus's contract does: intent version 0, app ID 3, intent
     * type 1 (blob certification), u32 epoch, blob ID, persistence type. Trailing bytes are
     * ignored, as on chain.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static ConfirmationMessage parse(byte[] message) {
        if (message.length < 7 + BlobId.LENGTH + 1) {
            throw new IllegalArgumentException("confirmation message has " + message.length
                    + " bytes, at least 40 are needed: " + HexFormat.of().formatHex(message));
        }
        if (message[1] != INTENT_VERSION) {
            throw new IllegalArgumentException("confirmation message has intent version " + (message[1] & 0xFF) + ", expected 0");
        }
        if (message[2] != APP_ID_STORAGE) {
            throw new IllegalArgumentException("confirmation message has app ID " + (message[2] & 0xFF) + ", expected 3 (storage)");
        }
        if (message[0] != INTENT_BLOB_CERT) {
            throw new IllegalArgumentException("confirmation message has intent type " + (message[0] & 0xFF)
                    + ", expected 1 (blob certification)");
        }
        long epoch = 0;
        for (int i = 0; i < 4; i++) {
            epoch |= (long) (message[3 + i] & 0xFF) << (8 * i);
        }
        if (epoch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("confirmation epoch " + epoch + " is beyond what this implementation tracks");
        }
        byte[] id = new byte[BlobId.LENGTH];
        System.arraycopy(message, 7, id, 0, BlobId.LENGTH);
        int tag = message[7 + BlobId.LENGTH] & 0xFF;
        PersistenceType persistence;
        if (tag == 0) {
            persistence = PersistenceType.Permanent.INSTANCE;
        } else if (tag == 1) {
            if (message.length < 7 + BlobId.LENGTH + 1 + ObjectId.LENGTH) {
                throw new IllegalArgumentException("deletable confirmation message is truncated: " + message.length + " bytes");
            }
            byte[] object = new byte[ObjectId.LENGTH];
            System.arraycopy(message, 8 + BlobId.LENGTH, object, 0, ObjectId.LENGTH);
            persistence = new PersistenceType.Deletable(ObjectId.of(object));
        } else {
            throw new IllegalArgumentException("confirmation message has persistence tag " + tag + ", expected 0 or 1");
        }
        return new ConfirmationMessage((int) epoch, BlobId.of(id), persistence);
    }
}
