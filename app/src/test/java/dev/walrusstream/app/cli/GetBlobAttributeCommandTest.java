package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.sui.walrus.WalrusBlobAttributes;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * get-blob-attribute --json prints what {@code walrus get-blob-attribute --json} prints: serde's
 * {@code GetBlobAttributeOutput { attribute: Option<BlobAttribute { metadata: VecMap { contents: [Entry { key, value }] } }> }}.
 */
class GetBlobAttributeCommandTest {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void pairsComeAsTheOfficialVecMapEntriesInTheirOrder() throws Exception {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("_walrusBlobType", "quilt");
        pairs.put("kind", "demo");
        pairs.put("a", "");
        assertEquals(json.readTree("""
                {"attribute": {"metadata": {"contents": [
                  {"key": "_walrusBlobType", "value": "quilt"},
                  {"key": "kind", "value": "demo"},
                  {"key": "a", "value": ""}]}}}"""),
                GetBlobAttributeCommand.toJson(Optional.of(new WalrusBlobAttributes(pairs))));
        // order is kept (an array, unlike a JSON object's members)
        assertEquals("[\"_walrusBlobType\",\"kind\",\"a\"]", json.writeValueAsString(
                json.valueToTree(GetBlobAttributeCommand.toJson(Optional.of(new WalrusBlobAttributes(pairs))).path("attribute")
                        .path("metadata").path("contents").findValuesAsText("key"))));
    }

    @Test
    void anEmptyAttributeHasAnEmptyListAndNoAttributeIsNull() throws Exception {
        assertEquals(json.readTree("{\"attribute\": {\"metadata\": {\"contents\": []}}}"),
                GetBlobAttributeCommand.toJson(Optional.of(WalrusBlobAttributes.empty())));
        assertEquals(json.readTree("{\"attribute\": null}"), GetBlobAttributeCommand.toJson(Optional.empty()));
    }
}
