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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code walrus-stream restore}: a whole dataset version into a directory, resumable. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore every file of a dataset version under DIR. Resumable: a file already present with the "
                + "manifest's size and SHA-256 is skipped, so a second run does nothing. Paths that would escape DIR are "
                + "refused before anything is written. Encrypted manifests and segments are opened with --key-file/--key-source; "
                + "a file that fails (wrong key, tampering) is never left in place as complete.")
public final class RestoreCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--manifest", required = true, paramLabel = "BLOB_ID", description = "The dataset version's manifest blob.")
    String manifest;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to restore into.")
    Path outDir;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N",
            description = "Segments fetched at a time (memory: N x the segment size; default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--json", description = "Print JSON: {manifestBlobId, dataset, version, restored[], skipped[], bytes}.")
    boolean json;

    @picocli.CommandLine.Mixin
    KeyOptions keyOptions = new KeyOptions();

    PrintStream out = System.out;
    PrintStream progress = System.err;

    @Override
    public Integer call() throws Exception {
        ClientConfig cfg = chainSelection.read();
        try (dev.walrusstream.chain.Chain chain = cfg.openChain();
             StorageClient client = new StorageClient(chain, cfg.options());
             DatasetReader reader = new DatasetReader(client, BlobCache.none(), parallel, keyOptions.open())) {
            DatasetVersion version = DatasetArguments.manifest(reader, manifest);
            List<Path> targets = new ArrayList<>();
            for (DatasetFile f : version.files()) {
                targets.add(SafePaths.under(outDir, f.path(), "dataset path"));
            }
            ProgressBar bar = new ProgressBar(progress, version.totalBytes(), version.files().size());
            List<String> restored = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            long written = 0;
            for (int i = 0; i < targets.size(); i++) {
                DatasetFile f = version.files().get(i);
                Path target = targets.get(i);
                if (DatasetArguments.alreadyPresent(target, f)) {
                    skipped.add(f.path());
                    bar.advance(f.size());
                    continue;
                }
                Files.createDirectories(target.getParent());
                Path part = target.resolveSibling(target.getFileName() + ".part");
                try (OutputStream o = new ProgressBar.Counting(Files.newOutputStream(part), bar)) {
                    reader.copy(f, o);
                } catch (ReadException e) {
                    Files.deleteIfExists(part);
                    bar.done();
                    throw new IllegalStateException(f.path() + ": " + e.reason() + ": " + e.getMessage(), e);
                } catch (EncryptionException e) {
                    Files.deleteIfExists(part);
                    bar.done();
                    throw KeyOptions.failure("'" + f.path() + "' (" + restored.size() + " files restored before it; "
                            + "run again to resume)", e);
                } catch (RuntimeException | java.io.IOException | InterruptedException e) {
                    Files.deleteIfExists(part);
                    bar.done();
                    throw e;
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                bar.fileDone();
                restored.add(f.path());
                written += f.size();
            }
            bar.done();
            if (json) {
                ObjectNode o = WalrusJson.JSON.createObjectNode();
                o.put("manifestBlobId", manifest);
                o.put("dataset", version.dataset());
                o.put("version", version.version());
                o.set("restored", WalrusJson.JSON.valueToTree(restored));
                o.set("skipped", WalrusJson.JSON.valueToTree(skipped));
                o.put("bytes", written);
                o.put("out", outDir.toString());
                out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                out.println("Restored " + version.dataset() + " " + version.version() + " to " + outDir + ": "
                        + restored.size() + " files written (" + ByteSize.format(written) + "), " + skipped.size()
                        + " already present and skipped.");
            }
        }
        return 0;
    }
}
