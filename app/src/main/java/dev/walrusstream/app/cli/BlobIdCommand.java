package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/** {@code walrus-stream blob-id}: the Walrus blob ID of a file, computed locally. */
@Command(name = "blob-id", mixinStandardHelpOptions = true,
        description = "Print the Walrus blob ID of FILE (base64url, on the last line). Nothing is stored.")
public final class BlobIdCommand implements Callable<Integer> {

    @Option(names = "--shards", required = true, paramLabel = "N",
            description = "Number of shards of the target network (1000 on Walrus mainnet and testnet).")
    int shards;

    @Option(names = "--json", description = "Print blob ID, root hash, sizes and shard count as JSON.")
    boolean json;

    @Parameters(index = "0", paramLabel = "FILE", description = "File to identify, or - for standard input.")
    String file;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        RedStuffParams params = RedStuffParams.of(shards);
        byte[] data = InputFiles.readAll(file, System.in);
        EncodedBlob blob = RedStuff.create().encode(params, data, 0, data.length);
        BlobMetadata metadata = blob.metadata();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode node = mapper.createObjectNode();
            node.put("file", InputFiles.displayName(file));
            node.put("blobId", blob.blobId().base64Url());
            node.put("rootHash", HexFormat.of().formatHex(metadata.rootHash()));
            node.put("unencodedLength", metadata.unencodedLength());
            node.put("symbolSize", blob.symbolSize());
            node.put("nShards", shards);
            node.put("encodedLength", blob.encodedLength());
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        }
        out.println(blob.blobId().base64Url());
        return 0;
    }
}
