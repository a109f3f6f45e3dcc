package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.ingest.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;

/** {@code walrus-stream read}: rebuild a blob from the storage nodes, verified. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Read a blob: verified metadata and n - 2f verified primary slivers from the storage nodes, "
                + "decoded and checked. Writes to --out, or to standard output.")
public final class ReadCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the blob to FILE instead of standard output.")
    Path outFile;

    @Option(names = "--json", description = "Print Walrus CLI JSON: {blobId, out} or {blobId, blob (base64)}.")
    boolean json;

    @Parameters(index = "0", paramLabel = "BLOB_ID", description = "The blob ID (base64url).")
    String blobId;

    PrintStream out = System.out;

    /** A quilt patch ID handed to {@code read}: say what it is and which command reads it. */
    static void quiltPatchPointer(String text) {
        dev.walrusstream.codec.quilt.QuiltPatchId patch;
        try {
            patch = dev.walrusstream.codec.quilt.QuiltPatchId.parse(text);
        } catch (RuntimeException e) {
            return;
        }
        throw new IllegalArgumentException("BLOB_ID: '" + text.trim() + "' is a quilt patch ID (columns "
                + patch.startColumn() + ".." + (patch.endColumn() - 1) + " of quilt " + patch.quiltId() + "), not a blob ID; "
                + "read the patch with: walrus-stream read-quilt --quilt-patch-ids " + text.trim() + " --out DIR "
                + "(or the whole quilt with: walrus-stream read " + patch.quiltId() + ")");
    }

    @Override
    public Integer call() throws Exception {
        quiltPatchPointer(blobId);
        BlobId id = BlobIdArgument.parse(blobId);
        ClientConfig cfg = chainSelection.read();
        byte[] data;
        try (dev.walrusstream.chain.Chain chain = cfg.openChain();
             StorageClient client = new StorageClient(chain, cfg.options())) {
            data = client.read(id);
        } catch (ReadException e) {
            throw new IllegalStateException(e.reason() + ": " + e.getMessage(), e);
        }
        if (outFile != null) {
            Files.write(outFile, data);
        }
        if (json) {
            ObjectNode o = WalrusJson.JSON.createObjectNode();
            if (outFile != null) {
                o.put("out", outFile.toString());
            }
            o.put("blobId", id.base64Url());
            if (outFile == null) {
                o.put("blob", Base64.getEncoder().encodeToString(data));
            }
            out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else if (outFile != null) {
            out.println("Blob " + id + " reconstructed from the storage nodes and written to " + outFile
                    + " (" + ByteSize.format(data.length) + ").");
        } else {
            out.write(data);
            out.flush();
        }
        return 0;
    }
}
