package dev.walrusstream.sui.tx;

import dev.walrusstream.sui.tx.internal.TypeTagParser;

/**
 * A Move type as a transaction names it (type arguments of a MoveCall, MakeMoveVec's element
 * type). BCS enum: bool 0, u8 1, u64 2, u128 3, address 4, signer 5, vector 6, struct 7, u16 8,
 * u32 9, u256 10.
 */
public sealed interface TypeTag permits TypeTag.Primitive, TypeTag.Vector, StructTag {

    /** BCS variant index. */
    int variant();

    /** Canonical text form: full 64-hex addresses, as the Sui gRPC API writes types. */
    String toCanonicalString();

    /**
     * Parses {@code u8}, {@code vector<u8>}, {@code 0x2::coin::Coin<0x2::sui::SUI>} and so on;
     * short addresses are zero-padded.
     */
    static TypeTag parse(String text) {
        return TypeTagParser.parse(text);
    }

    enum Primitive implements TypeTag {
        BOOL(0, "bool"),
        U8(1, "u8"),
        U64(2, "u64"),
        U128(3, "u128"),
        ADDRESS(4, "address"),
        SIGNER(5, "signer"),
        U16(8, "u16"),
        U32(9, "u32"),
        U256(10, "u256");

        private final int variant;
        private final String text;

        Primitive(int variant, String text) {
            this.variant = variant;
            this.text = text;
        }

        @Override
        public int variant() {
            return variant;
        }

        @Override
        public String toCanonicalString() {
            return text;
        }

        public static Primitive byName(String name) {
            for (Primitive p : values()) {
                if (p.text.equals(name)) {
                    return p;
                }
            }
            return null;
        }
    }

    record Vector(TypeTag element) implements TypeTag {
        public Vector {
            java.util.Objects.requireNonNull(element, "element");
        }

        @Override
        public int variant() {
            return 6;
        }

        @Override
        public String toCanonicalString() {
            return "vector<" + element.toCanonicalString() + ">";
        }

        @Override
        public String toString() {
            return toCanonicalString();
        }
    }
}
