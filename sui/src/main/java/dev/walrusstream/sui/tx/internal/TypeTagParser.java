package dev.walrusstream.sui.tx.internal;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.tx.StructTag;
import dev.walrusstream.sui.tx.TypeTag;

import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser for Move type strings. */
public final class TypeTagParser {
    private final String text;
    private int pos;

    private TypeTagParser(String text) {
        this.text = text;
    }

    public static TypeTag parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("type is empty");
        }
        TypeTagParser p = new TypeTagParser(text);
        TypeTag tag = p.type(0);
        p.skipSpaces();
        if (p.pos != text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return tag;
    }

    private TypeTag type(int depth) {
        if (depth > 16) {
            throw error("type nested deeper than 16 levels");
        }
        skipSpaces();
        String word = word();
        if (word.isEmpty()) {
            throw error("expected a type");
        }
        if (word.equals("vector")) {
            expect('<');
            TypeTag element = type(depth + 1);
            skipSpaces();
            expect('>');
            return new TypeTag.Vector(element);
        }
        TypeTag.Primitive primitive = TypeTag.Primitive.byName(word);
        if (primitive != null) {
            return primitive;
        }
        if (!word.startsWith("0x") && !word.startsWith("0X")) {
            throw error("unknown type '" + word + "'");
        }
        SuiAddress address;
        try {
            address = SuiAddress.parsePrefixed(word);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        expect(':');
        expect(':');
        String module = word();
        expect(':');
        expect(':');
        String name = word();
        List<TypeTag> params = new ArrayList<>();
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '<') {
            pos++;
            while (true) {
                params.add(type(depth + 1));
                skipSpaces();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else {
                    break;
                }
            }
            expect('>');
        }
        try {
            return new StructTag(address, module, name, params);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void expect(char c) {
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("invalid Move type '" + text + "' at position " + pos + ": " + what);
    }
}
