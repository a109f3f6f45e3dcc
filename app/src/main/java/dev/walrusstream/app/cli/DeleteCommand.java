package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Results;
import dev.walrusstream.client.BlobLifecycle;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.codec.BlobId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code walrus-stream delete}: delete deletable blob objects, as {@code walrus delete}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete this account's deletable blob objects of a blob ID, or one blob object; their storage "
                + "returns to the account. Asks for confirmation unless --yes.")
public final class DeleteCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static class Target {
        @Option(names = "--blob-id", paramLabel = "BLOB_ID", description = "Delete every owned deletable object of it.")
        String blobId;

        @Option(names = "--object-id", paramLabel = "ID", description = "Delete this blob object.")
        String objectId;
    }

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--json", description = "Print JSON: {blobIdentity, deletedBlobs, noBlobsFound}.")
    boolean json;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        BlobId blobId = target.blobId == null ? null : BlobIdArgument.parse(target.blobId);
        ObjectId objectId = target.objectId == null ? null : ExtendCommand.parseObjectId(target.objectId, "--object-id");
        ClientConfig cfg = chainSelection.read();
        try (Chain chain = cfg.openChain()) {
            BlobLifecycle lifecycle = new BlobLifecycle(chain);
            List<BlobObject> victims = blobId != null ? lifecycle.deletableObjects(blobId)
                    : List.of(lifecycle.require(objectId));
            if (!victims.isEmpty() && !yes && !confirm(victims)) {
                throw new IllegalArgumentException("not confirmed: nothing deleted (add --yes to delete without asking)");
            }
            List<BlobObject> deleted = new ArrayList<>();
            for (BlobObject v : victims) {
                Results.Deletion d = lifecycle.deleteObject(v.id());
                deleted.add(v);
                if (!json) {
                    out.println("Deleted blob object " + d.blobObjectId() + " (blob " + v.blobId() + ", end epoch "
                            + v.endEpoch() + "); storage " + d.storage().id() + " returned.");
                }
            }
            if (json) {
                ObjectNode o = WalrusJson.JSON.createObjectNode();
                ObjectNode identity = o.putObject("blobIdentity");
                if (blobId != null) {
                    identity.put("blobId", blobId.base64Url());
                } else {
                    identity.put("objectId", objectId.hex());
                }
                ArrayNode list = o.putArray("deletedBlobs");
                deleted.forEach(b -> list.add(WalrusJson.blobObject(b)));
                o.put("noBlobsFound", deleted.isEmpty());
                out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else if (deleted.isEmpty()) {
                out.println("No owned deletable blob objects of blob " + blobId + " were found; nothing deleted.");
            }
        }
        return 0;
    }

    private boolean confirm(List<BlobObject> victims) {
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("deleting " + victims.size() + " blob object(s) needs confirmation and "
                    + "there is no terminal to ask on: add --yes");
        }
        String answer = console.readLine("Delete %d blob object(s) of blob %s? [y/N] ", victims.size(),
                victims.get(0).blobId());
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }
}
