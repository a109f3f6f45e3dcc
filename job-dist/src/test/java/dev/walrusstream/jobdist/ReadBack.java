package dev.walrusstream.jobdist;

import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.codec.quilt.QuiltReader;
import dev.walrusstream.schemas.BlobReceipt;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds an upload from its receipts with verified reads from the storage nodes: a plain blob, the
 * blobs of a segmented upload in order, or a patch of a quilt (the columns its patch id names).
 */
final class ReadBack {
    private final StorageClient client;
    private final RedStuffParams params;
    private final Map<BlobId, byte[]> blobs = new HashMap<>();

    ReadBack(StorageClient client, int nShards) {
        this.client = client;
        this.params = RedStuffParams.of(nShards);
    }

    byte[] upload(List<BlobReceipt> receipts) throws Exception {
        List<BlobReceipt> ordered = new ArrayList<>(receipts);
        ordered.sort(Comparator.comparingInt(BlobReceipt::getSegment));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BlobReceipt r : ordered) {
            out.writeBytes(part(r));
        }
        return out.toByteArray();
    }

    private byte[] part(BlobReceipt r) throws Exception {
        if (r.getQuiltPatchId() == null) {
            return blob(BlobId.parse(r.getBlobId()));
        }
        QuiltPatchId patch = QuiltPatchId.parse(r.getQuiltPatchId());
        byte[] quilt = blob(patch.quiltId());
        int symbolSize = quilt.length / (params.primarySymbols() * params.secondarySymbols());
        List<byte[]> columns = new ArrayList<>();
        for (int c = patch.startColumn(); c < patch.endColumn(); c++) {
            columns.add(QuiltReader.column(params, symbolSize, quilt, c));
        }
        return QuiltReader.readPatch(columns).data();
    }

    private byte[] blob(BlobId id) throws Exception {
        byte[] b = blobs.get(id);
        if (b == null) {
            b = client.read(id);
            blobs.put(id, b);
        }
        return b;
    }
}
