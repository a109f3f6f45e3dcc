package dev.walrusstream.sui.walrus;

import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;

import java.util.Optional;

/**
 * The BCS of Walrus's events (module {@code events}) and their mapping to {@link ChainEvent}:
 * {@code BlobRegistered}, {@code BlobCertified}, {@code BlobDeleted}, {@code InvalidBlobID}, and
 * {@code EpochChangeStart} (the epoch's committee is now current: {@link ChainEvent.EpochChanged}) and
 * {@code EpochChangeDone} ({@link ChainEvent.EpochChangeDone}). Other Walrus events
 * ({@code ShardsReceived}, deny-list and pool events, ...) map to nothing.
 */
public final class WalrusEvents {
    public static final String MODULE = "events";
    public static final String EPOCH_CHANGE_START = "EpochChangeStart";
    public static final String EPOCH_CHANGE_DONE = "EpochChangeDone";

    private WalrusEvents() {
    }

    /** The struct name of the Walrus event {@code e} maps from. */
    public static String name(ChainEvent e) {
        if (e instanceof ChainEvent.BlobRegistered) {
            return "BlobRegistered";
        } else if (e instanceof ChainEvent.BlobCertified) {
            return "BlobCertified";
        } else if (e instanceof ChainEvent.BlobDeleted) {
            return "BlobDeleted";
        } else if (e instanceof ChainEvent.InvalidBlobId) {
            return "InvalidBlobID";
        } else if (e instanceof ChainEvent.EpochChangeDone) {
            return EPOCH_CHANGE_DONE;
        }
        return EPOCH_CHANGE_START;
    }

    /** The event struct's BCS, as Walrus's contract emits it. */
    public static byte[] encode(ChainEvent e) {
        BcsWriter w = new BcsWriter(96).u32(e.epoch());
        if (e instanceof ChainEvent.BlobRegistered r) {
            w.fixedBytes(r.blobId().bytes()).u64(r.size()).u8(r.encodingType()).u32(r.endEpoch()).bool(r.deletable())
                    .fixedBytes(r.objectId().bytes());
        } else if (e instanceof ChainEvent.BlobCertified c) {
            w.fixedBytes(c.blobId().bytes()).u32(c.endEpoch()).bool(c.deletable()).fixedBytes(c.objectId().bytes())
                    .bool(c.isExtension());
        } else if (e instanceof ChainEvent.BlobDeleted d) {
            w.fixedBytes(d.blobId().bytes()).u32(d.endEpoch()).fixedBytes(d.objectId().bytes()).bool(d.wasCertified());
        } else if (e instanceof ChainEvent.InvalidBlobId i) {
            w.fixedBytes(i.blobId().bytes());
        }
        return w.toByteArray();
    }

    /** {@code EpochChangeDone { epoch }}. */
    public static byte[] encodeEpochOnly(long epoch) {
        return new BcsWriter(4).u32(epoch).toByteArray();
    }

    /**
     * Decodes the Walrus event named {@code name} (the struct name of its type) into the chain
     * event it means, or empty for events storage nodes do not follow.
     *
     * @throws dev.walrusstream.codec.bcs.BcsException when the bytes do not have the event's layout
     */
    public static Optional<ChainEvent> decode(String name, byte[] bcs) {
        BcsReader r = new BcsReader(bcs);
        ChainEvent e;
        switch (name) {
            case "BlobRegistered" -> e = new ChainEvent.BlobRegistered(epoch(r), blob(r), r.u64(), r.u8(), epoch(r),
                    r.bool(), object(r));
            case "BlobCertified" -> e = new ChainEvent.BlobCertified(epoch(r), blob(r), epoch(r), r.bool(), object(r),
                    r.bool());
            case "BlobDeleted" -> e = new ChainEvent.BlobDeleted(epoch(r), blob(r), epoch(r), object(r), r.bool());
            case "InvalidBlobID" -> e = new ChainEvent.InvalidBlobId(epoch(r), blob(r));
            case EPOCH_CHANGE_START -> e = new ChainEvent.EpochChanged(epoch(r));
            case EPOCH_CHANGE_DONE -> e = new ChainEvent.EpochChangeDone(epoch(r));
            default -> {
                return Optional.empty();
            }
        }
        r.expectEnd("walrus::events::" + name);
        return Optional.of(e);
    }

    private static int epoch(BcsReader r) {
        long e = r.u32();
        if (e > Integer.MAX_VALUE) {
            throw new dev.walrusstream.codec.bcs.BcsException("epoch " + e + " is beyond what this implementation tracks");
        }
        return (int) e;
    }

    private static BlobId blob(BcsReader r) {
        return BlobId.of(r.fixedBytes(BlobId.LENGTH));
    }

    private static ObjectId object(BcsReader r) {
        return ObjectId.of(r.fixedBytes(ObjectId.LENGTH));
    }
}
