package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.client.BlobStatusReport;
import dev.walrusstream.client.RegisterOp;
import dev.walrusstream.client.StoreResult;

/**
 * The JSON the Walrus CLI prints in {@code --json} mode, for our results: {@code BlobStoreResult}
 * ({@code newlyCreated} / {@code alreadyCertified} / {@code markedInvalid} / {@code error}),
 * the {@code Blob} object, {@code RegisterBlobOp}, and {@code blob-status} output.
 */
final class WalrusJson {
    static final ObjectMapper JSON = ChainJson.mapper();

    private WalrusJson() {
    }

    static JsonNode blobObject(BlobObject b) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", b.id().hex());
        o.put("registeredEpoch", b.registeredEpoch());
        o.put("blobId", b.blobId().base64Url());
        o.put("size", b.size());
        o.put("encodingType", b.encodingType() == 1 ? "RS2" : String.valueOf(b.encodingType()));
        if (b.certifiedEpoch() == null) {
            o.putNull("certifiedEpoch");
        } else {
            o.put("certifiedEpoch", b.certifiedEpoch());
        }
        ObjectNode s = o.putObject("storage");
        s.put("id", b.storage().id().hex());
        s.put("startEpoch", b.storage().startEpoch());
        s.put("endEpoch", b.storage().endEpoch());
        s.put("storageSize", b.storage().storageSize());
        o.put("deletable", b.deletable());
        return o;
    }

    static JsonNode event(EventId e) {
        return JSON.valueToTree(e);
    }

    static JsonNode registerOp(RegisterOp op) {
        ObjectNode o = JSON.createObjectNode();
        if (op instanceof RegisterOp.RegisterFromScratch r) {
            ObjectNode v = o.putObject("registerFromScratch");
            v.put("encodedLength", r.encodedLength());
            v.put("epochsAhead", r.epochsAhead());
        } else if (op instanceof RegisterOp.ReuseRegistration r) {
            o.putObject("reuseRegistration").put("encodedLength", r.encodedLength());
        } else if (op instanceof RegisterOp.ReuseAndExtend r) {
            ObjectNode v = o.putObject("reuseAndExtend");
            v.put("encodedLength", r.encodedLength());
            v.put("epochsExtended", r.epochsExtended());
        }
        return o;
    }

    static JsonNode storeResult(StoreResult r) {
        ObjectNode o = JSON.createObjectNode();
        if (r instanceof StoreResult.NewlyCreated n) {
            ObjectNode v = o.putObject("newlyCreated");
            v.set("blobObject", blobObject(n.blobObject()));
            v.set("resourceOperation", registerOp(n.resourceOperation()));
            v.put("cost", n.cost());
        } else if (r instanceof StoreResult.AlreadyCertified a) {
            ObjectNode v = o.putObject("alreadyCertified");
            v.put("blobId", a.blobId().base64Url());
            if (a.event() != null) {
                v.set("event", event(a.event()));
            } else {
                v.put("object", a.object().hex());
            }
            v.put("endEpoch", a.endEpoch());
        } else if (r instanceof StoreResult.MarkedInvalid m) {
            ObjectNode v = o.putObject("markedInvalid");
            v.put("blobId", m.blobId().base64Url());
            v.set("event", event(m.event()));
        } else if (r instanceof StoreResult.Failed f) {
            ObjectNode v = o.putObject("error");
            if (f.blobId() == null) {
                v.putNull("blobId");
            } else {
                v.put("blobId", f.blobId().base64Url());
            }
            v.put("failurePhase", f.phase().label());
            v.put("errorMsg", f.message());
        }
        return o;
    }

    static JsonNode blobStatus(BlobStatusReport report) {
        ObjectNode o = JSON.createObjectNode();
        o.put("blobId", report.blobId().base64Url());
        o.set("status", JSON.valueToTree(report.chainStatus()));
        ArrayNode nodes = o.putArray("nodeStatuses");
        for (BlobStatusReport.NodeView n : report.nodes()) {
            ObjectNode v = nodes.addObject();
            v.put("name", n.name());
            v.put("nodeId", n.nodeId());
            v.put("networkAddress", n.address());
            v.set("shards", JSON.valueToTree(n.shards()));
            if (n.status() != null) {
                v.set("status", JSON.valueToTree(n.status()));
            } else {
                v.put("error", n.error());
            }
        }
        return o;
    }
}
