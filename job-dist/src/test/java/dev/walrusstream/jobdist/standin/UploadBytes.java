package dev.walrusstream.jobdist.standin;

/** A whole upload, gathered from its chunks (Flink POJO). */
public class UploadBytes {
    public String uploadId;
    public String sourceName;
    public byte[] data;
    public String topic;
    public int partition;
    public long firstOffset;
    public long lastOffset;

    public UploadBytes() {
    }
}
