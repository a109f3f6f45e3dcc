package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.tx.TypeTag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The live objects of the local Sui ledger by ID. Not thread-safe; the ledger serialises access. */
public final class ObjectStore {
    private final Map<ObjectId, StoredObject> objects = new LinkedHashMap<>();

    public StoredObject get(ObjectId id) {
        return objects.get(id);
    }

    public void put(StoredObject o) {
        objects.put(o.id(), o);
    }

    public void remove(ObjectId id) {
        objects.remove(id);
    }

    public int size() {
        return objects.size();
    }

    /**
     * Objects {@code owner} owns, of {@code type} if given: an exact match after canonicalisation,
     * or, for a type written without type parameters, any instantiation of it (as Sui's
     * ListOwnedObjects filters).
     */
    public List<StoredObject> owned(SuiAddress owner, Optional<String> type) {
        String wanted = type.map(t -> TypeTag.parse(t).toCanonicalString()).orElse(null);
        List<StoredObject> out = new ArrayList<>();
        for (StoredObject o : objects.values()) {
            if (o.ownedBy(owner) && (wanted == null || o.type().equals(wanted)
                    || !wanted.contains("<") && o.type().startsWith(wanted + "<"))) {
                out.add(o);
            }
        }
        return out;
    }
}
