package dev.walrusstream.job.assembly;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import dev.walrusstream.job.state.ChunkEventCodec;

import java.util.HashMap;
import java.util.Map;

/**
 * One decoded {@code BlobChunk} with where it was read (topic, partition, offset) and its original
 * key and value bytes, kept so a rejected chunk reaches the dead-letter topic untouched. Flink POJO.
 */
@TypeInfo(ChunkEventCodec.Factory.class)
public class ChunkEvent {
    public String uploadId;
    public long sequence;
    public long offset;
    public boolean last;
    public byte[] data;
    public String contentType;
    public String sourceName;
    public String dataset;
    public String datasetVersion;
    public Map<String, String> attributes = new HashMap<>();
    /** SHA-256 of the whole upload (last chunk), or null. */
    public byte[] sha256;
    /** Size of the whole upload, or -1 when not given. */
    public long totalSize = -1;

    /** Id of the close marker when this record is a control record ({@code BlobChunk.control}), else null. */
    public String controlMarkerId;
    /** Partitions the close marker was written to (one copy each); 0 for upload chunks. */
    public int controlPartitions;

    public String topic;
    public int partition;
    public long kafkaOffset;
    public long timestamp;
    public byte[] originalKey;
    public byte[] originalValue;

    public ChunkEvent() {
    }
}
