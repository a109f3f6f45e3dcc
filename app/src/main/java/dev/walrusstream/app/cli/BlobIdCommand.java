package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.Quilt;
import dev.walrusstream.codec.quilt.QuiltEncoder;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code walrus-stream blob-id}: the Walrus blob ID of a file, or with {@code --quilt} of the QuiltV1
 * quilt of several files, computed locally (a dry run: nothing is stored).
 */
@Command(name = "blob-id", mixinStandardHelpOptions = true,
        description = {"Print the Walrus blob ID of FILE (base64url, on the last line). Nothing is stored.",
            "With --quilt, build the QuiltV1 quilt of all FILEs (identifier = file name) and print its blob ID,",
            "like Walrus's store-quilt --dry-run."})
public final class BlobIdCommand implements Callable<Integer> {

    @Option(names = "--shards", required = true, paramLabel = "N",
            description = "Number of shards of the target network (1000 on Walrus mainnet and testnet).")
    int shards;

    @Option(names = "--quilt", description = "Pack the files into one QuiltV1 quilt.")
    boolean quilt;

    @Option(names = "--json", description = "Print the encoding facts (and, for quilts, every patch's QuiltPatchId) as JSON.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "File(s), or - for standard input (single blob only).")
    List<String> files;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        RedStuffParams params = RedStuffParams.of(shards);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        EncodedBlob blob;
        if (quilt) {
            List<QuiltPatch> patches = new ArrayList<>();
            for (String f : files) {
                if (f.equals("-")) {
                    throw new IllegalArgumentException("a quilt needs named files; '-' (standard input) has no identifier");
                }
                patches.add(new QuiltPatch(Path.of(f).getFileName().toString(), InputFiles.readAll(f, System.in)));
            }
            Quilt built = QuiltEncoder.build(params, patches);
            blob = built.encode(RedStuff.create());
            ArrayNode list = node.putArray("patches");
            for (QuiltEntry e : built.entries()) {
                ObjectNode p = list.addObject();
                p.put("identifier", e.identifier());
                p.put("quiltPatchId", built.patchId(blob.blobId(), e).text());
                p.putArray("range").add(e.startColumn()).add(e.endColumn());
            }
        } else {
            if (files.size() != 1) {
                throw new IllegalArgumentException("blob-id takes one FILE (got " + files.size() + "); use --quilt to pack several");
            }
            byte[] data = InputFiles.readAll(files.get(0), System.in);
            blob = RedStuff.create().encode(params, data, 0, data.length);
            node.put("file", InputFiles.displayName(files.get(0)));
        }
        if (json) {
            BlobMetadata metadata = blob.metadata();
            ObjectNode facts = mapper.createObjectNode();
            facts.put("blobId", blob.blobId().base64Url());
            facts.put("rootHash", HexFormat.of().formatHex(metadata.rootHash()));
            facts.put("unencodedLength", metadata.unencodedLength());
            facts.put("symbolSize", blob.symbolSize());
            facts.put("nShards", shards);
            facts.put("encodedLength", blob.encodedLength());
            facts.setAll(node);
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(facts));
        }
        out.println(blob.blobId().base64Url());
        return 0;
    }
}
