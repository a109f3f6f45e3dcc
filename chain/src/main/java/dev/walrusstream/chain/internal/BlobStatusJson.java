package dev.walrusstream.chain.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.DeletableCounts;
import dev.walrusstream.chain.EventId;

import java.io.IOException;

/** Walrus's JSON form of {@code BlobStatus} (serde's camelCase externally tagged enum). */
public final class BlobStatusJson {
    private BlobStatusJson() {
    }

    public static final class Serializer extends JsonSerializer<BlobStatus> {
        @Override
        public void serialize(BlobStatus status, JsonGenerator g, SerializerProvider p) throws IOException {
            if (status instanceof BlobStatus.Invalid i) {
                g.writeStartObject();
                g.writeObjectFieldStart("invalid");
                g.writeFieldName("event");
                writeEvent(g, i.event());
                g.writeEndObject();
                g.writeEndObject();
            } else if (status instanceof BlobStatus.Permanent s) {
                g.writeStartObject();
                g.writeObjectFieldStart("permanent");
                g.writeNumberField("endEpoch", s.endEpoch());
                g.writeBooleanField("isCertified", s.certified());
                g.writeFieldName("statusEvent");
                writeEvent(g, s.statusEvent());
                g.writeFieldName("deletableCounts");
                writeCounts(g, s.deletableCounts());
                writeEpoch(g, "initialCertifiedEpoch", s.initialCertifiedEpoch());
                g.writeEndObject();
                g.writeEndObject();
            } else if (status instanceof BlobStatus.Deletable d) {
                g.writeStartObject();
                g.writeObjectFieldStart("deletable");
                writeEpoch(g, "initialCertifiedEpoch", d.initialCertifiedEpoch());
                g.writeFieldName("deletableCounts");
                writeCounts(g, d.deletableCounts());
                g.writeEndObject();
                g.writeEndObject();
            } else {
                g.writeString("nonexistent");
            }
        }
    }

    static void writeEvent(JsonGenerator g, EventId e) throws IOException {
        g.writeStartObject();
        g.writeStringField("txDigest", e.txDigest());
        g.writeStringField("eventSeq", Long.toString(e.eventSeq()));
        g.writeEndObject();
    }

    private static void writeCounts(JsonGenerator g, DeletableCounts c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("count_deletable_total", c.countDeletableTotal());
        g.writeNumberField("count_deletable_certified", c.countDeletableCertified());
        g.writeEndObject();
    }

    private static void writeEpoch(JsonGenerator g, String name, Integer epoch) throws IOException {
        if (epoch == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, epoch);
        }
    }

    public static final class Deserializer extends JsonDeserializer<BlobStatus> {
        @Override
        public BlobStatus deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
            JsonNode node = parser.readValueAsTree();
            return fromTree(node);
        }
    }

    public static BlobStatus fromTree(JsonNode node) {
        if (node.isTextual() && node.asText().equals("nonexistent")) {
            return BlobStatus.Nonexistent.INSTANCE;
        }
        if (node.has("invalid")) {
            return new BlobStatus.Invalid(event(node.get("invalid").get("event")));
        }
        if (node.has("permanent")) {
            JsonNode p = node.get("permanent");
            return new BlobStatus.Permanent(p.get("endEpoch").asInt(), p.get("isCertified").asBoolean(),
                    event(p.get("statusEvent")), counts(p.get("deletableCounts")), epoch(p.get("initialCertifiedEpoch")));
        }
        if (node.has("deletable")) {
            JsonNode d = node.get("deletable");
            return new BlobStatus.Deletable(epoch(d.get("initialCertifiedEpoch")), counts(d.get("deletableCounts")));
        }
        throw new IllegalArgumentException("not a Walrus blob status: " + node);
    }

    public static EventId event(JsonNode e) {
        if (e == null || e.isNull()) {
            throw new IllegalArgumentException("missing event ID");
        }
        return new EventId(e.get("txDigest").asText(), Long.parseLong(e.get("eventSeq").asText()));
    }

    private static DeletableCounts counts(JsonNode c) {
        if (c == null || c.isNull()) {
            return DeletableCounts.NONE;
        }
        return new DeletableCounts(c.get("count_deletable_total").asInt(), c.get("count_deletable_certified").asInt());
    }

    private static Integer epoch(JsonNode e) {
        return e == null || e.isNull() ? null : e.asInt();
    }
}
