package dev.walrusstream.sui.tx;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.SuiDigest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PtbBuilderTest {
    private static final ObjectId SYSTEM = ObjectId.parse("0x5a");

    @Test
    void identicalPureValuesShareOneInput() {
        PtbBuilder b = new PtbBuilder();
        assertEquals(Argument.input(0), b.pure(Pure.u64(5)));
        assertEquals(Argument.input(1), b.pure(Pure.u32(5)));
        assertEquals(Argument.input(0), b.pure(Pure.u64(5)));
        assertEquals(2, b.inputCount());
    }

    @Test
    void sharedObjectUsedMutablyAnywhereIsMutable() {
        PtbBuilder b = new PtbBuilder();
        b.input(new CallArg.SharedObject(SYSTEM, 7, SharedMutability.IMMUTABLE));
        b.input(new CallArg.SharedObject(SYSTEM, 7, SharedMutability.MUTABLE));
        b.input(new CallArg.SharedObject(SYSTEM, 7, SharedMutability.IMMUTABLE));
        assertEquals(List.of(new CallArg.SharedObject(SYSTEM, 7, SharedMutability.MUTABLE)), b.build().inputs());
    }

    @Test
    void conflictingUsesOfOneObjectAreRejected() {
        PtbBuilder b = new PtbBuilder();
        ObjectRef v1 = new ObjectRef(SYSTEM, 1, SuiDigest.of(new byte[32]));
        b.input(new CallArg.ImmOrOwnedObject(v1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.input(new CallArg.ImmOrOwnedObject(new ObjectRef(SYSTEM, 2, v1.digest()))));
        assertEquals(true, e.getMessage().contains("two different inputs"));
        assertThrows(IllegalArgumentException.class,
                () -> b.input(new CallArg.SharedObject(SYSTEM, 1, SharedMutability.MUTABLE)));
    }

    @Test
    void commandsReturnTheirResults() {
        PtbBuilder b = new PtbBuilder();
        Argument.Result split = b.splitCoins(Argument.GAS_COIN, b.pure(Pure.u64(1)), b.pure(Pure.u64(2)));
        assertEquals(Argument.result(0), split);
        Argument.Result transfer = b.transferObjects(List.of(split.get(0), split.get(1)), b.pure(Pure.u8(1)));
        assertEquals(Argument.result(1), transfer);
        assertEquals(2, b.build().commands().size());
    }
}
