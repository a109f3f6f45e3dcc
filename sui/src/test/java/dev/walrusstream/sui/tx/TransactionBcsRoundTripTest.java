package dev.walrusstream.sui.tx;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.SuiVectors;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionBcsRoundTripTest {
    private static final SuiAddress SENDER = SuiAddress.parsePrefixed("0x5");
    private static final ObjectRef GAS = new ObjectRef(ObjectId.parse("0x77"), 3, digest(1));

    private static SuiDigest digest(int seed) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) seed);
        return SuiDigest.of(b);
    }

    /** Every input kind, every command kind, every argument kind and a ValidDuring expiration. */
    private static TransactionData everything() {
        List<CallArg> inputs = List.of(
                Pure.u64(-1L),
                Pure.u128(BigInteger.ONE.shiftLeft(127)),
                Pure.string("héllo"),
                new CallArg.ImmOrOwnedObject(new ObjectRef(ObjectId.parse("0x10"), Long.MAX_VALUE, digest(2))),
                new CallArg.SharedObject(ObjectId.parse("0x6"), 1, SharedMutability.IMMUTABLE),
                new CallArg.SharedObject(ObjectId.parse("0x11"), 99, SharedMutability.NON_EXCLUSIVE_WRITE),
                new CallArg.Receiving(new ObjectRef(ObjectId.parse("0x12"), 4, digest(3))),
                new CallArg.FundsWithdrawal(500, TypeTag.parse("0x2::sui::SUI"), true),
                Pure.bytes(new byte[300]));
        List<Command> commands = List.of(
                new Command.SplitCoins(Argument.GAS_COIN, List.of(Argument.input(0))),
                new Command.MergeCoins(Argument.GAS_COIN, List.of(Argument.nested(0, 0))),
                new Command.MoveCall(ObjectId.parse("0x2"), "clock", "timestamp_ms",
                        List.of(TypeTag.parse("vector<vector<u16>>"), TypeTag.Primitive.SIGNER, TypeTag.Primitive.U32),
                        List.of(Argument.input(4))),
                new Command.MakeMoveVec(Optional.of(TypeTag.Primitive.U8), List.of(Argument.input(1))),
                new Command.MakeMoveVec(Optional.empty(), List.of(Argument.result(2))),
                new Command.Publish(List.of(new byte[] {1, 2, 3}, new byte[0]), List.of(ObjectId.parse("0x1"))),
                new Command.Upgrade(List.of(new byte[] {9}), List.of(ObjectId.parse("0x2")), ObjectId.parse("0x99"),
                        Argument.result(5)),
                new Command.TransferObjects(List.of(Argument.result(3), Argument.nested(6, 1)), Argument.input(2)));
        TransactionExpiration exp = new TransactionExpiration.ValidDuring(OptionalLong.of(7), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.of(1_700_000_000_000L), digest(9), 0xFFFF_FFFFL);
        return new TransactionData(new ProgrammableTransaction(inputs, commands), SENDER,
                new GasData(List.of(GAS, new ObjectRef(ObjectId.parse("0x78"), 0, digest(4))), SENDER, 1000, -1L), exp);
    }

    @Test
    void writesAndReadsBackEveryConstruct() {
        TransactionData tx = everything();
        byte[] bcs = tx.toBcs();
        TransactionData back = TransactionData.fromBcs(bcs);
        assertEquals(tx, back);
        assertArrayEquals(bcs, back.toBcs());
        assertEquals(tx.digest(), back.digest());
    }

    @Test
    void readsBackTheSdkBytesOfEveryVector() {
        for (var v : SuiVectors.vectors()) {
            byte[] sdk = SuiVectors.hex(v.get("txBytesHex").asText());
            assertArrayEquals(sdk, TransactionData.fromBcs(sdk).toBcs(), v.get("name").asText());
        }
    }

    @Test
    void pureValuesAreDoubleWrapped() {
        TransactionData tx = new TransactionData(new ProgrammableTransaction(
                List.of(Pure.bytes(new byte[96]), Pure.bytes(new byte[200]), Pure.u64(1_000_000)), List.of()),
                SENDER, new GasData(List.of(), SENDER, 1, 1), TransactionExpiration.NONE);
        String hex = HexFormat.of().formatHex(tx.toBcs());
        assertTrue(hex.startsWith("0000" + "03" + "00" + "61" + "60"), hex); // 96-byte vector<u8>: 00 61 60 …
        assertTrue(hex.contains("00" + "ca01" + "c801"), "200-byte vector<u8>: 00 ca 01 c8 01 …");
        assertTrue(hex.contains("0008" + "40420f0000000000"), "u64 1 000 000: 00 08 <8 bytes>");
    }

    @Test
    void rejectsTrailingBytesWithOffset() {
        byte[] bcs = everything().toBcs();
        byte[] longer = Arrays.copyOf(bcs, bcs.length + 1);
        BcsException e = assertThrows(BcsException.class, () -> TransactionData.fromBcs(longer));
        assertTrue(e.getMessage().contains("1 trailing bytes at offset " + bcs.length), e.getMessage());
    }

    @Test
    void rejectsTruncationAndUnknownVariants() {
        byte[] bcs = everything().toBcs();
        assertThrows(BcsException.class, () -> TransactionData.fromBcs(Arrays.copyOf(bcs, bcs.length - 1)));

        byte[] otherKind = bcs.clone();
        otherKind[1] = 1; // TransactionKind::ChangeEpoch
        BcsException kind = assertThrows(BcsException.class, () -> TransactionData.fromBcs(otherKind));
        assertTrue(kind.getMessage().contains("ChangeEpoch"), kind.getMessage());

        byte[] v2 = bcs.clone();
        v2[0] = 1;
        assertTrue(assertThrows(BcsException.class, () -> TransactionData.fromBcs(v2)).getMessage()
                .contains("only V1"));

        // input 0 is Pure: tag at offset 3; make it an unknown CallArg variant
        byte[] badInput = bcs.clone();
        badInput[3] = 7;
        assertTrue(assertThrows(BcsException.class, () -> TransactionData.fromBcs(badInput)).getMessage()
                .contains("unknown CallArg variant 7 at offset 3"));
    }

    @Test
    void rejectsCountsLargerThanTheBody() {
        byte[] bcs = {0, 0, (byte) 0xFF, (byte) 0xFF, 0x03};
        BcsException e = assertThrows(BcsException.class, () -> TransactionData.fromBcs(bcs));
        assertTrue(e.getMessage().contains("inputs count"), e.getMessage());
    }

    @Test
    void constructionRejectsDanglingArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProgrammableTransaction(
                List.of(Pure.u64(1)), List.of(new Command.SplitCoins(Argument.GAS_COIN, List.of(Argument.input(1))))));
        assertTrue(e.getMessage().contains("Input(1) but there are only 1 inputs"));
        e = assertThrows(IllegalArgumentException.class, () -> new ProgrammableTransaction(List.of(),
                List.of(new Command.TransferObjects(List.of(Argument.result(0)), Argument.GAS_COIN))));
        assertTrue(e.getMessage().contains("not an earlier command"));
        assertThrows(IllegalArgumentException.class, () -> Argument.input(65536));
    }
}
