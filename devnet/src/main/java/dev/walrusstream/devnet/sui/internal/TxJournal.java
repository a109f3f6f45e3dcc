package dev.walrusstream.devnet.sui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.proto.ExecutedTransaction;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * How one Sui transaction of the local ledger is journalled: as the attachment of its LocalChain
 * transaction (so Walrus's state and the Sui objects are written atomically, in one fsync'd line):
 * the executed transaction (protobuf, without checkpoint), its time, and the objects it wrote and
 * deleted. The contents of derived objects (Walrus's inner state, computed from LocalChain) are
 * not stored.
 */
public final class TxJournal {
    public static final String FORMAT = "sui-tx-1";

    /** A journalled transaction. */
    public record Entry(ExecutedTransaction executed, long timestampMillis, List<StoredObject> writes,
                        List<ObjectId> deleted) {
    }

    private TxJournal() {
    }

    public static JsonNode toJson(Entry e, Set<ObjectId> derived) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode().put("format", FORMAT).put("timestampMillis", e.timestampMillis())
                .put("executed", Base64.getEncoder().encodeToString(e.executed().toByteArray()));
        ArrayNode writes = root.putArray("writes");
        for (StoredObject o : e.writes()) {
            ObjectNode w = writes.addObject().put("id", o.id().toString()).put("version", o.version())
                    .put("digest", o.digest().toString()).put("type", o.type()).put("storageCost", o.storageCost());
            owner(w.putObject("owner"), o.owner());
            if (o.previousTransaction() != null) {
                w.put("previousTransaction", o.previousTransaction().toString());
            }
            if (!derived.contains(o.id())) {
                w.put("contents", Base64.getEncoder().encodeToString(o.contents()));
            }
        }
        ArrayNode deleted = root.putArray("deleted");
        e.deleted().forEach(id -> deleted.add(id.toString()));
        return root;
    }

    /**
     * Reads an entry; {@code current} gives the stored contents of a derived object (refreshed from
     * LocalChain once replay ends).
     */
    public static Entry fromJson(JsonNode root, java.util.function.Function<ObjectId, StoredObject> current) {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalStateException("journal attachment is not a local Sui transaction: " + root);
        }
        ExecutedTransaction executed;
        try {
            executed = ExecutedTransaction.parseFrom(Base64.getDecoder().decode(root.path("executed").asText()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("journalled Sui transaction does not parse: " + e.getMessage(), e);
        }
        List<StoredObject> writes = new ArrayList<>();
        for (JsonNode w : root.path("writes")) {
            ObjectId id = ObjectId.parsePrefixed(w.path("id").asText());
            byte[] contents;
            if (w.has("contents")) {
                contents = Base64.getDecoder().decode(w.path("contents").asText());
            } else {
                StoredObject before = current.apply(id);
                contents = before == null ? new byte[0] : before.contents();
            }
            writes.add(new StoredObject(id, w.path("version").asLong(), SuiDigest.parse(w.path("digest").asText()),
                    owner(w.path("owner")), w.path("type").asText(), contents, w.path("storageCost").asLong(),
                    w.hasNonNull("previousTransaction") ? SuiDigest.parse(w.path("previousTransaction").asText()) : null));
        }
        List<ObjectId> deleted = new ArrayList<>();
        root.path("deleted").forEach(d -> deleted.add(ObjectId.parsePrefixed(d.asText())));
        return new Entry(executed, root.path("timestampMillis").asLong(), writes, deleted);
    }

    private static void owner(ObjectNode n, Owner o) {
        if (o instanceof Owner.AddressOwner a) {
            n.put("kind", "address").put("address", a.address().toString());
        } else if (o instanceof Owner.ObjectOwner p) {
            n.put("kind", "object").put("address", p.parent().toString());
        } else if (o instanceof Owner.Shared s) {
            n.put("kind", "shared").put("version", s.initialSharedVersion());
        } else {
            n.put("kind", "immutable");
        }
    }

    private static Owner owner(JsonNode n) {
        return switch (n.path("kind").asText()) {
            case "address" -> new Owner.AddressOwner(SuiAddress.parsePrefixed(n.path("address").asText()));
            case "object" -> new Owner.ObjectOwner(ObjectId.parsePrefixed(n.path("address").asText()));
            case "shared" -> new Owner.Shared(n.path("version").asLong());
            default -> new Owner.Immutable();
        };
    }
}
