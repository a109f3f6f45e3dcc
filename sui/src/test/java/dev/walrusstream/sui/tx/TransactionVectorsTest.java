package dev.walrusstream.sui.tx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiVectors;
import dev.walrusstream.sui.keys.Intent;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.keys.SuiSignature;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rebuilds every transaction of the TypeScript SDK's vectors from its spec and checks bytes,
 * digest, intent message, signing digest, signature and sender exactly.
 */
class TransactionVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SuiKeyPair KEY = SuiKeyPair.fromSeed(
            SuiVectors.hex(SuiVectors.root().get("key").get("seedHex").asText()));

    @Test
    void coversEveryVectorOfTheFile() {
        List<String> names = SuiVectors.vectors().stream().map(v -> v.get("name").asText()).collect(Collectors.toList());
        assertEquals(List.of("split-transfer", "merge-split-transfer-owned", "walrus-register-rust-shape",
                "walrus-register-ts-shape", "walrus-certify", "walrus-epoch-sync-done", "receiving-typeargs"), names);
    }

    @TestFactory
    List<DynamicTest> rebuildsEveryVectorExactly() {
        return SuiVectors.vectors().stream().map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> check(v)))
                .collect(Collectors.toList());
    }

    private static void check(JsonNode v) {
        TransactionData tx = SuiVectors.build(v.get("spec"));
        byte[] bytes = tx.toBcs();
        assertEquals(v.get("txBytesHex").asText(), HEX.formatHex(bytes), "BCS bytes");
        assertEquals(v.get("txBytesLength").asInt(), bytes.length);
        assertEquals(v.get("txBytesBase64").asText(), Base64.getEncoder().encodeToString(bytes));

        assertEquals(v.get("digest").asText(), tx.digest().toString(), "Base58 digest");
        assertEquals(v.get("digestHex").asText(), tx.digest().toHex(), "digest bytes");

        assertEquals(v.get("intentMessageHex").asText(), HEX.formatHex(Intent.TRANSACTION_DATA.message(bytes)));
        assertEquals(v.get("signingDigestHex").asText(), HEX.formatHex(Intent.TRANSACTION_DATA.signingDigest(bytes)));

        SuiSignature sig = KEY.signTransaction(tx);
        assertEquals(v.get("signatureHex").asText(), HEX.formatHex(sig.toBytes()), "serialized signature");
        assertEquals(v.get("signature").asText(), sig.toBase64());
        assertTrue(sig.verify(Intent.TRANSACTION_DATA, bytes));
        assertEquals(SuiAddress.parsePrefixed(v.get("spec").get("sender").asText()), KEY.address(), "sender address");
        assertEquals(KEY.address(), SuiSignature.fromBase64(v.get("signature").asText()).signerAddress());

        // Reading the SDK's bytes gives back the same value, and writing it gives the same bytes.
        TransactionData read = TransactionData.fromBcs(SuiVectors.hex(v.get("txBytesHex").asText()));
        assertEquals(tx, read);
        assertArrayEquals(bytes, read.toBcs());
    }
}
