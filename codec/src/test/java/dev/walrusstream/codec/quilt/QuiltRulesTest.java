package dev.walrusstream.codec.quilt;

import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.CodecException.InvalidQuilt.Reason;
import dev.walrusstream.codec.RedStuffParams;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Identifier and tag rules where Java's defaults differ from Rust's (docs/protocol/quilt-spec.md §7). */
class QuiltRulesTest {

    @Test
    void trailingUnicodeWhiteSpaceIsRejectedEvenWhereJavaDisagrees() {
        for (String bad : new String[]{"a ", "a\u00A0", "a\u2007", "a\u202F", "a\u3000", "a\t"}) {
            CodecException.InvalidQuilt e = assertThrows(CodecException.InvalidQuilt.class, () -> new QuiltPatch(bad, new byte[0]),
                    bad.codePointAt(1) + "");
            assertEquals(Reason.INVALID_IDENTIFIER, e.reason());
        }
        // Java's isWhitespace calls U+001C..001F whitespace; Rust rejects them as control characters instead
        assertThrows(CodecException.InvalidQuilt.class, () -> new QuiltPatch("a\u001C", new byte[0]));
        assertDoesNotThrow(() -> new QuiltPatch(" leading space and _under-score.ok", new byte[0]));
        assertDoesNotThrow(() -> new QuiltPatch("dir/ünïcode 😀", new byte[0]));
    }

    @Test
    void controlCharactersAndEmptyIdentifiersAreRejected() {
        CodecException.InvalidQuilt e = assertThrows(CodecException.InvalidQuilt.class, () -> new QuiltPatch("a\u0085b", new byte[0]));
        assertTrue(e.getMessage().contains("U+0085"), e.getMessage());
        assertThrows(CodecException.InvalidQuilt.class, () -> new QuiltPatch("", new byte[0]));
    }

    @Test
    void duplicatesAndTooManyPatchesAreNamed() {
        RedStuffParams params = RedStuffParams.of(10);
        CodecException.InvalidQuilt dup = assertThrows(CodecException.InvalidQuilt.class, () -> QuiltEncoder.build(params,
                List.of(new QuiltPatch("x", new byte[1]), new QuiltPatch("x", new byte[2]))));
        assertEquals(Reason.DUPLICATE_IDENTIFIER, dup.reason());
        assertTrue(dup.getMessage().contains("'x'"));
        assertEquals(6, QuiltEncoder.maxPatches(params));
    }

    @Test
    void tagsAreOrderedByTheirBcsKeyBytes() {
        QuiltPatch p = new QuiltPatch("f", Map.of("aa", "1", "b", "2"), new byte[0]);
        // "b" (01 62) sorts before "aa" (02 61 61)
        assertEquals("02016201320261610131", java.util.HexFormat.of().formatHex(p.tagsBcs()));
    }

    @Test
    void oversizeQuiltsAreRefusedWithTheLimit() {
        RedStuffParams params = RedStuffParams.of(7);
        CodecException.InvalidQuilt e = assertThrows(CodecException.InvalidQuilt.class,
                () -> QuiltEncoder.build(params, List.of(new QuiltPatch("big", new byte[1_000_000]))));
        assertEquals(Reason.OVERSIZE, e.reason());
        assertTrue(e.getMessage().contains(String.valueOf(params.maxBlobSize())), e.getMessage());
    }
}
