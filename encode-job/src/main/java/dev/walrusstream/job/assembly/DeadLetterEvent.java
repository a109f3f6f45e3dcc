package dev.walrusstream.job.assembly;

/**
 * A record the job could not process: the reason (a {@code DeadLetterReason} name), a message naming
 * the offending values, where it was read and its original bytes. Becomes a {@code DeadLetter} on
 * the dead-letter topic. Flink POJO.
 */
public class DeadLetterEvent {
    public String reason;
    public String message;
    public String uploadId;
    public String topic;
    public int partition;
    public long offset;
    public long originalTimestamp;
    public byte[] key;
    public byte[] value;
    /** Dataset and version of the refused chunk's upload, when it had them (the manifest builder drops the file). */
    public String dataset;
    public String datasetVersion;

    public DeadLetterEvent() {
    }

    public static DeadLetterEvent of(String reason, String message, ChunkEvent chunk) {
        DeadLetterEvent d = new DeadLetterEvent();
        d.reason = reason;
        d.message = message;
        d.uploadId = chunk.uploadId;
        d.topic = chunk.topic;
        d.partition = chunk.partition;
        d.offset = chunk.kafkaOffset;
        d.originalTimestamp = chunk.timestamp;
        d.key = chunk.originalKey;
        d.value = chunk.originalValue;
        d.dataset = chunk.dataset;
        d.datasetVersion = chunk.datasetVersion;
        return d;
    }

    @Override
    public String toString() {
        return reason + " at " + topic + "/" + partition + "@" + offset + ": " + message;
    }
}
