package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.ids.ObjectId;

/** The BCS of a Walrus System object and of its inner-state field, with the values the decoding test expects. */
final class SystemStateBytes {
    static final ObjectId PACKAGE = ObjectId.parse("0xa11ce");
    static final ObjectId SYSTEM = ObjectId.parse("0x5555");
    static final long SYSTEM_VERSION = 2;

    final long epoch = 7;
    final long storagePricePerUnit = 100;
    final long writePricePerUnit = 20;
    final int nShards = 10;

    /** {@code System {id, version, package_id, new_package_id: None}}. */
    byte[] systemContents() {
        return new BcsWriter().fixedBytes(SYSTEM.bytes()).u64(SYSTEM_VERSION).fixedBytes(PACKAGE.bytes()).u8(0)
                .toByteArray();
    }

    /** {@code Field<u64, SystemStateInnerV1>}: id, name, committee of 2, capacity, prices, then more bytes. */
    byte[] innerFieldContents(ObjectId fieldId) {
        BcsWriter w = new BcsWriter().fixedBytes(fieldId.bytes()).u64(SYSTEM_VERSION);
        w.uleb128(2);
        for (int i = 0; i < 2; i++) {
            byte[] key = new byte[96];
            key[0] = (byte) (i + 1);
            w.bytes(key).u16(nShards / 2).fixedBytes(ObjectId.parse("0x" + (i + 1) + "0de").bytes());
        }
        w.u16(nShards).u32(epoch).bytes(new byte[48]);
        w.u64(1L << 40).u64(1L << 20).u64(storagePricePerUnit).u64(writePricePerUnit);
        w.u32(0).u32(53).uleb128(0); // future_accounting: ring of 53 epochs (entries not written)
        w.bytes(new byte[17]); // the rest: not decoded by the client
        return w.toByteArray();
    }
}
