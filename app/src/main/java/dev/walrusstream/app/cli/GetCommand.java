package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.dataset.BlobCache;
import dev.walrusstream.client.dataset.DatasetFile;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.client.dataset.DatasetVersion;
import dev.walrusstream.codec.text.ByteSize;
import dev.walrusstream.crypto.EncryptionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code walrus-stream get}: one file of a dataset version, across its segments. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Read one file of a dataset version: its segments fetched in parallel, streamed in order to FILE "
                + "and checked against the manifest's SHA-256. Encrypted manifests and segments are opened with "
                + "--key-file/--key-source (the SHA-256 checks are of the plaintext); without the key they are refused "
                + "naming the key ID.")
public final class GetCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--manifest", required = true, paramLabel = "BLOB_ID", description = "The dataset version's manifest blob.")
    String manifest;

    @Option(names = "--path", required = true, paramLabel = "PATH", description = "The file's path in the dataset.")
    String path;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the file.")
    Path outFile;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N",
            description = "Segments fetched at a time (memory: N x the segment size; default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--json", description = "Print JSON: {manifestBlobId, dataset, version, path, size, sha256, out}.")
    boolean json;

    @picocli.CommandLine.Mixin
    KeyOptions keyOptions = new KeyOptions();

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        ClientConfig cfg = chainSelection.read();
        try (dev.walrusstream.chain.Chain chain = cfg.openChain();
             StorageClient client = new StorageClient(chain, cfg.options());
             DatasetReader reader = new DatasetReader(client, BlobCache.none(), parallel, keyOptions.open())) {
            DatasetVersion version = DatasetArguments.manifest(reader, manifest);
            DatasetFile file = version.file(path).orElseThrow(() -> new IllegalArgumentException("--path '" + path
                    + "' is not in dataset " + version.dataset() + " version " + version.version() + " (" + version.files().size()
                    + " files" + (version.files().isEmpty() ? "" : ", e.g. '" + version.files().get(0).path() + "'") + ")"));
            Path part = outFile.resolveSibling(outFile.getFileName() + ".part");
            try (OutputStream o = Files.newOutputStream(part)) {
                reader.copy(file, o);
            } catch (ReadException e) {
                Files.deleteIfExists(part);
                throw new IllegalStateException(e.reason() + ": " + e.getMessage(), e);
            } catch (EncryptionException e) {
                Files.deleteIfExists(part);
                throw KeyOptions.failure("'" + file.path() + "'", e);
            } catch (RuntimeException | java.io.IOException | InterruptedException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            Files.move(part, outFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (json) {
                ObjectNode o = WalrusJson.JSON.createObjectNode();
                o.put("manifestBlobId", manifest);
                o.put("dataset", version.dataset());
                o.put("version", version.version());
                o.put("path", file.path());
                o.put("size", file.size());
                o.put("sha256", file.sha256());
                o.put("segments", file.segments().size());
                o.put("out", outFile.toString());
                out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                out.println("Wrote " + file.path() + " (" + ByteSize.format(file.size()) + ", " + file.segments().size()
                        + " segments, SHA-256 checked) to " + outFile);
            }
        }
        return 0;
    }
}
