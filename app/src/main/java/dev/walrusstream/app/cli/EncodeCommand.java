package dev.walrusstream.app.cli;

import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code walrus-stream encode}: writes what a client would upload: the metadata BCS and, per sliver
 * pair, the BCS bodies of its primary and secondary sliver.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Encode FILE with Red Stuff and write metadata and sliver BCS bodies to DIR:",
            "  metadata.bcs               BlobMetadata (the PUT metadata body)",
            "  pair-<p>-primary.bcs       SliverData of primary sliver p",
            "  pair-<p>-secondary.bcs     SliverData of secondary sliver n-1-p",
            "  blob-id.txt                the blob ID (base64url)"})
public final class EncodeCommand implements Callable<Integer> {

    @Option(names = "--shards", required = true, paramLabel = "N", description = "Number of shards.")
    int shards;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write to (created if missing).")
    Path out;

    @Parameters(index = "0", paramLabel = "FILE", description = "File to encode, or - for standard input.")
    String file;

    PrintStream stdout = System.out;

    @Override
    public Integer call() throws Exception {
        RedStuffParams params = RedStuffParams.of(shards);
        byte[] data = InputFiles.readAll(file, System.in);
        EncodedBlob blob = RedStuff.create().encode(params, data, 0, data.length);
        Files.createDirectories(out);
        Files.write(out.resolve("metadata.bcs"), blob.metadata().toBcs());
        int width = String.valueOf(shards - 1).length();
        for (int p = 0; p < shards; p++) {
            String pair = String.format("pair-%0" + width + "d", p);
            Files.write(out.resolve(pair + "-primary.bcs"), blob.pairPrimary(p).toBcs());
            Files.write(out.resolve(pair + "-secondary.bcs"), blob.pairSecondary(p).toBcs());
        }
        Files.writeString(out.resolve("blob-id.txt"), blob.blobId().base64Url() + "\n");
        stdout.println("wrote metadata and " + (2 * shards) + " slivers of " + InputFiles.displayName(file)
                + " (" + data.length + " bytes, symbol size " + blob.symbolSize() + ") to " + out);
        stdout.println(blob.blobId().base64Url());
        return 0;
    }
}
