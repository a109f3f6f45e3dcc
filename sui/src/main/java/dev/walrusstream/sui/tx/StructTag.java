package dev.walrusstream.sui.tx;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.tx.internal.TypeTagParser;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A struct type {@code address::module::Name<T...>}; BCS variant 7 of {@link TypeTag}. */
public record StructTag(SuiAddress address, String module, String name, List<TypeTag> typeParams)
        implements TypeTag {

    public StructTag {
        Objects.requireNonNull(address, "address");
        Identifiers.check(module, "module name");
        Identifiers.check(name, "struct name");
        typeParams = List.copyOf(typeParams);
    }

    public static StructTag parse(String text) {
        TypeTag tag = TypeTagParser.parse(text);
        if (tag instanceof StructTag s) {
            return s;
        }
        throw new IllegalArgumentException("'" + text + "' is not a struct type");
    }

    @Override
    public int variant() {
        return 7;
    }

    @Override
    public String toCanonicalString() {
        String base = address + "::" + module + "::" + name;
        if (typeParams.isEmpty()) {
            return base;
        }
        return base + typeParams.stream().map(TypeTag::toCanonicalString).collect(Collectors.joining(", ", "<", ">"));
    }

    /** The type without its type parameters' instantiation, e.g. {@code 0x…02::coin::Coin}. */
    public String baseName() {
        return address + "::" + module + "::" + name;
    }

    @Override
    public String toString() {
        return toCanonicalString();
    }
}
