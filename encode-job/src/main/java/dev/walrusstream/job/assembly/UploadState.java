package dev.walrusstream.job.assembly;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import dev.walrusstream.job.state.UploadStateCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the job remembers about one upload between its chunks (Flink keyed state): where the next
 * chunk must start, the bytes of the segment being filled, the SHA-256 state of the segments already cut,
 * and where on Kafka the current segment's chunks were read. A failed upload keeps a tombstone so
 * its later chunks are dead-lettered with the original reason. Serialized by {@link dev.walrusstream.job.state.UploadStateCodec} (explicit, versioned; no POJO or Kryo).
 */
@TypeInfo(UploadStateCodec.Factory.class)
public class UploadState {
    public String uploadId;
    public long nextSequence;
    public long received;
    public int segment;
    /** Chunks of the segment being filled (joined when the segment is cut). */
    public List<byte[]> pending = new ArrayList<>();
    public long pendingBytes;
    /**
     * SHA-256 state ({@link ResumableSha256}, Bouncy Castle's encoded form) over the bytes of the segments cut so far (null while none
     * was cut), or over every byte so far when {@link #digestIncludesPending}.
     */
    public byte[] digestState;
    /**
     * The digest state covers the pending bytes too: state written before this field existed (codec
     * version 1, or the POJO format before the codecs, which Flink restores into a new instance and
     * so leaves this initial value), whose assembler hashed every chunk as it came. Such an upload is
     * finished the same way. A new upload starts with it false.
     */
    public boolean digestIncludesPending = true;

    public String contentType;
    public String sourceName;
    public String dataset;
    public String datasetVersion;
    public Map<String, String> attributes = new HashMap<>();

    public String topic;
    public int partition;
    public long segmentFirstOffset;
    public long lastOffset;

    /** Set when the upload was refused; later chunks go to the dead-letter topic with this reason. */
    public String failedReason;
    public String failedMessage;

    public UploadState() {
    }
}
