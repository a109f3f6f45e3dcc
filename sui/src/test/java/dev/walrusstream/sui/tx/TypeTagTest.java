package dev.walrusstream.sui.tx;

import dev.walrusstream.sui.tx.internal.TransactionReader;
import dev.walrusstream.sui.tx.internal.TransactionWriter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypeTagTest {
    private static final String TWO = "0x0000000000000000000000000000000000000000000000000000000000000002";

    @Test
    void parsesToTheCanonicalForm() {
        assertEquals(TWO + "::coin::Coin<" + TWO + "::sui::SUI>",
                TypeTag.parse("0x2::coin::Coin<0x2::sui::SUI>").toCanonicalString());
        assertEquals("vector<vector<u8>>", TypeTag.parse("vector< vector<u8> >").toCanonicalString());
        StructTag nested = StructTag.parse("0x1::option::Option<vector<0x2::object::ID>>");
        assertEquals("option", nested.module());
        assertEquals(new TypeTag.Vector(StructTag.parse("0x2::object::ID")), nested.typeParams().get(0));
        StructTag pair = StructTag.parse("0x3::m::Pair<u8, 0x2::sui::SUI>");
        assertEquals(2, pair.typeParams().size());
    }

    @Test
    void everyKindRoundTripsThroughBcs() {
        for (String t : new String[] {"bool", "u8", "u16", "u32", "u64", "u128", "u256", "address", "signer",
            "vector<u256>", "0xabc::a_b::C_d<vector<address>, 0x2::x::Y<u8>>"}) {
            TypeTag tag = TypeTag.parse(t);
            assertEquals(tag, TransactionReader.readTypeTag(TransactionWriter.writeTypeTag(tag)), t);
        }
    }

    @Test
    void errorsNameTheTypeAndPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TypeTag.parse("u7"));
        assertTrue(e.getMessage().contains("unknown type 'u7'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TypeTag.parse("0x2::coin::Coin<u8"));
        assertTrue(e.getMessage().contains("expected '>'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TypeTag.parse("0x2::9coin::Coin"));
        assertTrue(e.getMessage().contains("not a Move identifier"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TypeTag.parse("0xZZ::a::B"));
        assertTrue(e.getMessage().contains("non-hex"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TypeTag.parse("u8 u8"));
    }
}
