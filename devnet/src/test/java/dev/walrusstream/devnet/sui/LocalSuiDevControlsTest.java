package dev.walrusstream.devnet.sui;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.devnet.sui.internal.StoredObject;
import dev.walrusstream.devnet.sui.internal.StoredObjectView;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.walrus.StoragePrices;
import dev.walrusstream.sui.walrus.WalrusSystemState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LocalSui's development controls (coins of any type, planted objects and aborting packages, price changes) are
 * system transactions in the journal: they survive a restart exactly, and the prices reach LocalChain's rules and
 * the System object's inner state alike.
 */
class LocalSuiDevControlsTest {
    private static final SuiAddress OWNER = SuiAddress.parse("0xabc");

    @TempDir
    Path dir;

    @Test
    void plantedObjectsCoinsAndPricesSurviveARestart() throws Exception {
        ObjectId coin;
        ObjectId big;
        ObjectId pkg = ObjectId.parse("0x77");
        StoredObject bigBefore;
        try (LocalSui sui = LocalSui.create(dir, LocalSuiFixture.genesis(Map.of()), LocalSuiOptions.DEFAULTS)) {
            long checkpoints = sui.checkpointHeight();
            coin = sui.mintCoin(OWNER, "0x2::wal::WAL", 42);
            big = sui.plantObject(new Owner.AddressOwner(OWNER), "0x77::blob::Big", new byte[] {1, 2, 3});
            sui.plantAbortingPackage(pkg, 42);
            sui.setPrices(1_000, 30);
            assertEquals(checkpoints + 4, sui.checkpointHeight(), "each control is a checkpointed transaction");
            bigBefore = sui.object(big).orElseThrow();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> sui.plantAbortingPackage(pkg, 1));
            assertTrue(e.getMessage().contains("object " + pkg + " already exists"), e.getMessage());
            assertEquals(1_000, sui.info().storagePricePerUnitSize());
        }
        try (LocalSui sui = LocalSui.open(dir)) {
            StoredObject c = sui.object(coin).orElseThrow();
            assertEquals("0x0000000000000000000000000000000000000000000000000000000000000002::coin::Coin<"
                    + "0x0000000000000000000000000000000000000000000000000000000000000002::wal::WAL>", c.type());
            assertEquals(42, StoredObjectView.balance(c.contents()));
            assertEquals(List.of(coin), sui.owned(OWNER, Optional.of("0x2::coin::Coin<0x2::wal::WAL>")).stream()
                    .map(StoredObject::id).toList());
            assertEquals(bigBefore, sui.object(big).orElseThrow());
            assertArrayEquals(new byte[] {1, 2, 3}, sui.object(big).orElseThrow().contents());
            assertEquals(new Owner.Immutable(), sui.object(pkg).orElseThrow().owner());
            assertEquals(1_000, sui.info().storagePricePerUnitSize());
            assertEquals(30, sui.info().writePricePerUnitSize());
            WalrusSystemState state = WalrusSystemState.fromFieldContents(
                    sui.object(sui.ids().systemInnerField()).orElseThrow().contents());
            assertEquals(new StoragePrices(1_000, 30), state.prices());
        }
    }

    @Test
    void badControlsAreRefusedWithTheirValues() throws Exception {
        try (LocalSui sui = LocalSui.create(dir, LocalSuiFixture.genesis(Map.of()), LocalSuiOptions.DEFAULTS)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sui.setPrices(-1, 20));
            assertTrue(e.getMessage().contains("storage -1"), e.getMessage());
            assertEquals(100_000, sui.info().storagePricePerUnitSize(), "a refused price change changes nothing");
            e = assertThrows(IllegalArgumentException.class, () -> sui.mintCoin(OWNER, "0x2::wal::WAL", 0));
            assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        }
    }
}
