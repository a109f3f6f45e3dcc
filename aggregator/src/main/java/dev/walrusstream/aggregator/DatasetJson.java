package dev.walrusstream.aggregator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.client.dataset.DatasetFile;
import dev.walrusstream.client.dataset.DatasetVersion;
import dev.walrusstream.client.dataset.FileSegment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The JSON of the dataset routes: a version's summary, and the manifest with {@code manifestBlobId} and {@code files[]}. */
final class DatasetJson {
    private DatasetJson() {
    }

    static ObjectNode summary(DatasetCatalog.Entry e) {
        DatasetVersion v = e.version();
        ObjectNode o = Routes.JSON.createObjectNode();
        o.put("dataset", v.dataset());
        o.put("version", v.version());
        o.put("manifestBlobId", e.manifestId().base64Url());
        o.put("closed", v.closed());
        o.put("createdAt", v.createdAt().toString());
        if (v.endEpoch() == null) {
            o.putNull("endEpoch");
        } else {
            o.put("endEpoch", v.endEpoch());
        }
        o.put("files", v.files().size());
        o.put("bytes", v.totalBytes());
        o.put("url", "/v1/datasets/" + enc(v.dataset()) + "/" + enc(v.version()));
        return o;
    }

    static ObjectNode version(DatasetCatalog.Entry e) {
        DatasetVersion v = e.version();
        ObjectNode o = summary(e);
        o.put("formatVersion", v.formatVersion());
        ArrayNode files = o.putArray("files");
        for (DatasetFile f : v.files()) {
            ObjectNode j = files.addObject();
            j.put("path", f.path());
            j.put("uploadId", f.uploadId());
            j.put("size", f.size());
            j.put("sha256", f.sha256());
            j.put("contentType", ContentTypes.of(f.path(), f.contentType()));
            if (f.samples() != null) {
                j.put("samples", f.samples());
            }
            j.set("attributes", Routes.JSON.valueToTree(f.attributes()));
            if (f.endEpoch() != null) {
                j.put("endEpoch", f.endEpoch());
            }
            StringBuilder url = new StringBuilder("/v1/datasets/" + enc(v.dataset()) + "/" + enc(v.version()) + "/files");
            for (String part : f.path().split("/")) {
                url.append('/').append(enc(part));
            }
            j.put("url", url.toString());
            ArrayNode segs = j.putArray("segments");
            for (FileSegment s : f.segments()) {
                ObjectNode g = segs.addObject();
                g.put("index", s.index());
                g.put("offset", s.offset());
                g.put("size", s.size());
                g.put("sha256", s.sha256());
                g.put("blobId", s.blobId().base64Url());
                if (s.quiltPatchId() != null) {
                    g.put("quiltPatchId", s.quiltPatchId().text());
                }
                if (s.objectId() != null) {
                    g.put("objectId", s.objectId());
                }
                if (s.endEpoch() != null) {
                    g.put("endEpoch", s.endEpoch());
                }
            }
        }
        return o;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
