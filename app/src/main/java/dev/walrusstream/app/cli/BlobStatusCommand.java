package dev.walrusstream.app.cli;

import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.client.BlobStatusReport;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code walrus-stream blob-status}: a blob's status on the chain and on every storage node. */
@Command(name = "blob-status", mixinStandardHelpOptions = true,
        description = "Print a blob's status as the chain records it and as each storage node reports it.")
public final class BlobStatusCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--json", description = "Print Walrus CLI JSON: {blobId, status} plus nodeStatuses.")
    boolean json;

    @Parameters(index = "0", paramLabel = "BLOB_ID", description = "The blob ID (base64url).")
    String blobId;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        BlobId id = BlobIdArgument.parse(blobId);
        ClientConfig cfg = chainSelection.read();
        BlobStatusReport report;
        try (dev.walrusstream.chain.Chain chain = cfg.openChain();
             StorageClient client = new StorageClient(chain, cfg.options())) {
            report = client.status(id);
        }
        if (json) {
            out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(WalrusJson.blobStatus(report)));
            return 0;
        }
        out.println("Blob ID: " + id);
        out.println("Status on chain (epoch " + report.epoch() + "): " + describe(report.chainStatus()));
        for (BlobStatusReport.NodeView n : report.nodes()) {
            out.println("  " + n.name() + " (" + n.address() + ", shards " + NetCommand.ranges(n.shards()) + "): "
                    + (n.status() != null ? describe(n.status()) : "unavailable: " + n.error()));
        }
        return 0;
    }

    static String describe(BlobStatus s) {
        if (s instanceof BlobStatus.Permanent p) {
            return "permanent, " + (p.certified() ? "certified" : "registered, not certified") + ", expires at epoch "
                    + p.endEpoch() + " (exclusive)" + (p.initialCertifiedEpoch() != null ? ", first certified in epoch "
                    + p.initialCertifiedEpoch() : "") + "; " + p.deletableCounts().countDeletableTotal()
                    + " deletable objects; event " + p.statusEvent();
        }
        if (s instanceof BlobStatus.Deletable d) {
            return "deletable only: " + d.deletableCounts().countDeletableTotal() + " objects, "
                    + d.deletableCounts().countDeletableCertified() + " certified"
                    + (d.initialCertifiedEpoch() != null ? ", first certified in epoch " + d.initialCertifiedEpoch() : "");
        }
        if (s instanceof BlobStatus.Invalid i) {
            return "marked invalid (event " + i.event() + ")";
        }
        return "nonexistent (never registered, deleted or expired)";
    }
}
