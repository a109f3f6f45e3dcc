package dev.walrusstream.ingest;

import dev.walrusstream.embedded.EmbeddedServices;

/** Lets tests in other packages use {@link ChunkTopicReader}. */
public final class ChunkTopicReaderAccess {
    private ChunkTopicReaderAccess() {
    }

    public static long recordCount(String bootstrap, String topic) {
        return ChunkTopicReader.recordCount(bootstrap, topic);
    }

    /** The complete, intact upload {@code uploadId} on {@code topic}. */
    public static ChunkTopicReader.Upload upload(EmbeddedServices services, String topic, String uploadId)
            throws Exception {
        ChunkTopicReader.Upload u = ChunkTopicReader.readAll(services.bootstrapServers(), services.registryUrl(),
                topic).get(uploadId);
        if (u == null) {
            throw new AssertionError("no upload " + uploadId + " on " + topic);
        }
        ChunkTopicReader.assertCompleteAndIntact(u);
        return u;
    }
}
