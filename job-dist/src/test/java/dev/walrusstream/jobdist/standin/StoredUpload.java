package dev.walrusstream.jobdist.standin;

/** An upload stored as a blob: what its receipt says (Flink POJO; the Avro record is built at the sink). */
public class StoredUpload {
    public String uploadId;
    public String sourceName;
    public String blobId;
    public long size;
    public boolean newlyCreated;
    public String topic;
    public int partition;
    public long firstOffset;
    public long lastOffset;

    public StoredUpload() {
    }
}
