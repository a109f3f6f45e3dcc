package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.rpc.SuiObject;

import java.util.Objects;

/**
 * Reads the Walrus System object (package to call, initial shared version) and its inner state
 * (committee, epoch, prices) from the dynamic field keyed by the System's version.
 */
public final class WalrusSystemReader {
    private final SuiClient client;

    public WalrusSystemReader(SuiClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public WalrusSystemSnapshot read(ObjectId systemObjectId) {
        SuiObject system = client.getObject(systemObjectId);
        String type = system.type().orElse("");
        if (!type.endsWith("::system::System")) {
            throw new IllegalStateException("object " + systemObjectId + " is not a Walrus System object (type '"
                    + type + "'); check the configured system object ID for this network");
        }
        WalrusSystemObject object = WalrusSystemObject.fromContents(system.requireContents());
        SuiObject field = client.getObject(object.innerStateFieldId());
        WalrusSystemState state = WalrusSystemState.fromFieldContents(field.requireContents());
        WalrusSystemRef ref = new WalrusSystemRef(systemObjectId, system.initialSharedVersion(), object.packageId());
        return new WalrusSystemSnapshot(ref, object, state);
    }
}
