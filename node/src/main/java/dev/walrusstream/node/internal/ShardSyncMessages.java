package dev.walrusstream.node.internal;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.bls.BlsSignature;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of {@code POST /v1/migrate/sync_shard}, node to node. The request names the requester,
 * the epoch, the shard and where to continue, and is signed with the requester's BLS key over a
 * domain-separated message; the previous owner answers one page of the shard's slivers: per blob
 * its metadata and the primary and secondary sliver of the shard's pair (empty when it has none).
 */
public final class ShardSyncMessages {
    private ShardSyncMessages() {
    }

    private static final byte[] DOMAIN = "walrus-stream sync_shard v1\0".getBytes(StandardCharsets.US_ASCII);
    /** Largest page a node serves. */
    public static final int MAX_PAGE = 64;

    /** What the new owner asks for: up to {@code limit} blobs of {@code shard} after {@code after} (null: from the first). */
    public record Request(ObjectId requester, int epoch, int shard, BlobId after, int limit) {
        public byte[] toBcs() {
            BcsWriter w = new BcsWriter(80).fixedBytes(requester.bytes()).u32(epoch).u16(shard);
            if (after == null) {
                w.u8(0);
            } else {
                w.u8(1).fixedBytes(after.bytes());
            }
            return w.u16(limit).toByteArray();
        }

        /** The bytes the requester signs. */
        public byte[] signingMessage() {
            byte[] body = toBcs();
            byte[] out = new byte[DOMAIN.length + body.length];
            System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
            System.arraycopy(body, 0, out, DOMAIN.length, body.length);
            return out;
        }

        static Request read(BcsReader r) {
            ObjectId requester = ObjectId.of(r.fixedBytes(32));
            long epoch = r.u32();
            int shard = r.u16();
            int tag = r.u8();
            if (tag > 1) {
                throw new BcsException("sync_shard request has invalid Option tag " + tag);
            }
            BlobId after = tag == 1 ? BlobId.of(r.fixedBytes(BlobId.LENGTH)) : null;
            return new Request(requester, (int) epoch, shard, after, r.u16());
        }
    }

    /** A signed request: the request's BCS then the 96-byte BLS signature. */
    public record Signed(Request request, BlsSignature signature) {
        public byte[] toBcs() {
            return new BcsWriter(200).bytes(request.toBcs()).fixedBytes(signature.bytes()).toByteArray();
        }

        public static Signed fromBcs(byte[] body) {
            BcsReader outer = new BcsReader(body);
            byte[] req = outer.bytes();
            BlsSignature sig = BlsSignature.fromBytes(outer.fixedBytes(BlsSignature.LENGTH));
            outer.expectEnd("sync_shard request");
            BcsReader r = new BcsReader(req);
            Request request = Request.read(r);
            r.expectEnd("sync_shard request body");
            return new Signed(request, sig);
        }
    }

    /** One blob of a page: metadata (BCS, without ID) and the shard's slivers (empty arrays when absent). */
    public record Entry(BlobId blobId, byte[] metadata, byte[] primary, byte[] secondary) {
    }

    /** A page; {@code last} is the last blob ID looked at (continue after it), null when the shard is exhausted. */
    public record Page(List<Entry> entries, BlobId last) {
        public byte[] toBcs() {
            BcsWriter w = new BcsWriter(4096).uleb128(entries.size());
            for (Entry e : entries) {
                w.fixedBytes(e.blobId().bytes()).bytes(e.metadata()).bytes(e.primary()).bytes(e.secondary());
            }
            if (last == null) {
                w.u8(0);
            } else {
                w.u8(1).fixedBytes(last.bytes());
            }
            return w.toByteArray();
        }

        public static Page fromBcs(byte[] body) {
            BcsReader r = new BcsReader(body);
            int n = r.uleb128();
            if (n > MAX_PAGE) {
                throw new BcsException("sync_shard page of " + n + " entries exceeds " + MAX_PAGE);
            }
            List<Entry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(new Entry(BlobId.of(r.fixedBytes(BlobId.LENGTH)), r.bytes(), r.bytes(), r.bytes()));
            }
            int tag = r.u8();
            BlobId last = tag == 1 ? BlobId.of(r.fixedBytes(BlobId.LENGTH)) : null;
            r.expectEnd("sync_shard page");
            return new Page(entries, last);
        }
    }
}
