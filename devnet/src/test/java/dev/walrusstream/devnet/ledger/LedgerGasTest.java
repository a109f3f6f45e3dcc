package dev.walrusstream.devnet.ledger;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.devnet.sui.internal.GasSchedule;
import dev.walrusstream.devnet.sui.internal.WalrusContents;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LocalChain's gas follows the local Sui ledger's schedule over the Walrus objects a transaction writes. */
class LedgerGasTest {
    static final StorageResource STORAGE = new StorageResource(ObjectId.of(new byte[32]), 1, 6, 1_000_000);
    static final BlobObject REGISTERED = new BlobObject(ObjectId.of(filled(7)), 1, BlobId.of(filled(3)), 1000, 1, null,
            STORAGE, false);

    static byte[] filled(int v) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void registerAndCertifyAreChargedComputationPlusStorageMinusRebate() {
        long price = LedgerGas.GAS_PRICE;
        int blobBytes = WalrusContents.blob(REGISTERED).length;
        assertEquals(GasSchedule.BASE_COMPUTATION_UNITS * price + (blobBytes + GasSchedule.OBJECT_OVERHEAD_BYTES)
                * GasSchedule.STORAGE_PRICE_PER_BYTE, LedgerGas.reserveAndRegister(REGISTERED));
        BlobObject certified = REGISTERED.certifiedAt(2);
        int certifiedBytes = WalrusContents.blob(certified).length;
        assertEquals(blobBytes + 4, certifiedBytes, "the certified epoch (Option<u32>) adds 4 bytes");
        long stored = GasSchedule.storageCost(blobBytes);
        assertEquals((GasSchedule.BASE_COMPUTATION_UNITS + GasSchedule.CERTIFY_COMPUTATION_UNITS) * price
                + GasSchedule.storageCost(certifiedBytes) - stored * GasSchedule.REBATE_BASIS_POINTS / 10_000,
                LedgerGas.certify(REGISTERED, certified));
        assertTrue(LedgerGas.register(STORAGE, REGISTERED) < LedgerGas.reserveAndRegister(REGISTERED),
                "registering into a reserved Storage gets the Storage's fee back");
    }
}
