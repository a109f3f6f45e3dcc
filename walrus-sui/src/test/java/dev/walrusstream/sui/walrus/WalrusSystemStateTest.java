package dev.walrusstream.sui.walrus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.sui.DynamicFieldId;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.SuiVectors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalrusSystemStateTest {
    @Test
    void dynamicFieldIdsMatchTheSdk() {
        int n = 0;
        for (JsonNode f : SuiVectors.root().get("dynamicFieldIds")) {
            ObjectId id = DynamicFieldId.ofU64(ObjectId.parsePrefixed(f.get("parentId").asText()), f.get("key").asLong());
            assertEquals(f.get("fieldId").asText(), id.toString(), f.get("parent").asText() + " key " + f.get("key"));
            n++;
        }
        assertEquals(12, n);
    }

    @Test
    void decodesTheSystemObjectAndItsInnerState() {
        SystemStateBytes fake = new SystemStateBytes();
        WalrusSystemObject system = WalrusSystemObject.fromContents(fake.systemContents());
        assertEquals(SystemStateBytes.SYSTEM, system.id());
        assertEquals(SystemStateBytes.SYSTEM_VERSION, system.version());
        assertEquals(SystemStateBytes.PACKAGE, system.packageId());
        assertTrue(system.newPackageId().isEmpty());
        assertEquals(DynamicFieldId.ofU64(SystemStateBytes.SYSTEM, SystemStateBytes.SYSTEM_VERSION),
                system.innerStateFieldId());

        WalrusSystemState state = WalrusSystemState.fromFieldContents(fake.innerFieldContents(system.innerStateFieldId()));
        assertEquals(7, state.epoch());
        assertEquals(10, state.nShards());
        assertEquals(2, state.members().size());
        assertEquals(96, state.members().get(0).publicKey().length);
        assertEquals(ObjectId.parse("0x20de"), state.members().get(1).nodeId());
        assertEquals(10, state.weightOf(List.of(0, 1)));
        assertEquals(new StoragePrices(100, 20), state.prices());
        assertEquals(53, state.maxEpochsAhead());

        byte[] truncated = java.util.Arrays.copyOf(fake.systemContents(), 50);
        assertThrows(IllegalArgumentException.class, () -> WalrusSystemObject.fromContents(truncated));
    }
}
