package dev.walrusstream.jobdist.standin;

import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

import java.nio.file.Files;
import java.nio.file.Path;

/** Stores each upload as one blob (content addressing makes a replay after a restart find it certified). */
final class StoreUpload extends RichMapFunction<UploadBytes, StoredUpload> {
    private static final long serialVersionUID = 1L;

    private final String clientConfigJson;
    private final int epochs;
    private transient StorageClient client;

    StoreUpload(String clientConfigJson, int epochs) {
        this.clientConfigJson = clientConfigJson;
        this.epochs = epochs;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        Path file = Files.createTempFile("walrus-client-", ".json");
        Files.writeString(file, clientConfigJson);
        ClientConfig config = ClientConfig.read(file);
        Files.delete(file);
        client = new StorageClient(config.openChain(), config.options());
    }

    @Override
    public StoredUpload map(UploadBytes u) throws Exception {
        StoreResult r = client.store(u.data, StoreOptions.permanent(epochs));
        if (!r.isStored()) {
            throw new IllegalStateException("storing upload " + u.uploadId + " failed: " + r);
        }
        StoredUpload s = new StoredUpload();
        s.uploadId = u.uploadId;
        s.sourceName = u.sourceName;
        s.blobId = r.blobId().base64Url();
        s.size = u.data.length;
        s.newlyCreated = r instanceof StoreResult.NewlyCreated;
        s.topic = u.topic;
        s.partition = u.partition;
        s.firstOffset = u.firstOffset;
        s.lastOffset = u.lastOffset;
        return s;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
