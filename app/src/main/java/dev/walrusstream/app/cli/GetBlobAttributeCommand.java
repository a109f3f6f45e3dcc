package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.chain.SuiChain;
import dev.walrusstream.sui.walrus.WalrusBlobAttributes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code walrus-stream get-blob-attribute}: a Blob object's attributes, as {@code walrus get-blob-attribute}. */
@Command(name = "get-blob-attribute", mixinStandardHelpOptions = true,
        description = "Print the attributes (key-value metadata) of a Blob object on a Sui chain: the pairs the "
                + "Walrus SDK's writeFiles, writeBlob({attributes}) or blob::insert_or_update_metadata_pair set.")
public final class GetBlobAttributeCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Parameters(index = "0", paramLabel = "BLOB_OBJ_ID", description = "The Blob object's ID (0x…).")
    String objectId;

    @Option(names = "--json", description = "Print JSON as walrus get-blob-attribute --json does: {attribute: "
            + "{metadata: {contents: [{key, value}, …]}} | null}, the pairs in the Move VecMap's order.")
    boolean json;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        ObjectId id = ExtendCommand.parseObjectId(objectId, "BLOB_OBJ_ID");
        ClientConfig cfg = chainSelection.read();
        try (Chain chain = cfg.openChain(true)) {
            if (!(chain instanceof SuiChain sui)) {
                throw new IllegalArgumentException("blob attributes are Sui objects; the chain of this configuration is "
                        + chain + " (use a Sui configuration, e.g. from net init --chain sui-local)");
            }
            Optional<WalrusBlobAttributes> attributes = sui.blobAttributes(id);
            if (json) {
                out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(attributes)));
            } else if (attributes.isEmpty()) {
                out.println("No attribute found for blob object " + id + ".");
            } else {
                out.println("Attribute");
                attributes.get().pairs().forEach((k, v) -> out.println("  " + k + ": " + v));
            }
            return 0;
        }
    }

    /**
     * The official CLI's JSON ({@code GetBlobAttributeOutput { attribute: Option<BlobAttribute> }}, serde
     * camelCase): {@code BlobAttribute { metadata: VecMap<String, String> }} serialises as Sui's
     * {@code VecMap { contents: [Entry { key, value }] }}, so the pairs come as an ordered list of
     * {@code {key, value}} objects under {@code attribute.metadata.contents}; no field is {@code null}.
     */
    static ObjectNode toJson(Optional<WalrusBlobAttributes> attributes) {
        ObjectNode o = WalrusJson.JSON.createObjectNode();
        if (attributes.isEmpty()) {
            o.putNull("attribute");
            return o;
        }
        ArrayNode contents = o.putObject("attribute").putObject("metadata").putArray("contents");
        attributes.get().pairs().forEach((k, v) -> contents.addObject().put("key", k).put("value", v));
        return o;
    }
}
