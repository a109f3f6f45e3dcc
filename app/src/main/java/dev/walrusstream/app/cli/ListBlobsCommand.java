package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.BlobLifecycle;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.codec.text.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code walrus-stream list-blobs}: the account's blob objects, as {@code walrus list-blobs}. */
@Command(name = "list-blobs", mixinStandardHelpOptions = true,
        description = "List the blob objects this account owns (unexpired ones unless --include-expired).")
public final class ListBlobsCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--include-expired", description = "Also list expired blob objects.")
    boolean includeExpired;

    @Option(names = "--json", description = "Print a JSON list of Blob objects.")
    boolean json;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        ClientConfig cfg = chainSelection.read();
        try (Chain chain = cfg.openChain()) {
            List<BlobObject> blobs = new BlobLifecycle(chain).ownedBlobs(includeExpired);
            if (json) {
                ArrayNode list = WalrusJson.JSON.createArrayNode();
                blobs.forEach(b -> list.add(WalrusJson.blobObject(b)));
                out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
                return 0;
            }
            int epoch = chain.currentEpoch();
            out.printf("%-44s %-11s %-10s %-9s %-9s %s%n", "Blob ID", "Size", "Type", "Certified", "Expiry", "Object ID");
            for (BlobObject b : blobs) {
                out.printf("%-44s %-11s %-10s %-9s %-9s %s%n", b.blobId().base64Url(), ByteSize.format(b.size()),
                        b.deletable() ? "deletable" : "permanent", b.isCertified() ? "yes" : "no",
                        b.endEpoch() + (b.endEpoch() <= epoch ? " (exp)" : ""), b.id().hex());
            }
            out.println(blobs.size() + " blob object(s) at epoch " + epoch + ".");
        }
        return 0;
    }
}
