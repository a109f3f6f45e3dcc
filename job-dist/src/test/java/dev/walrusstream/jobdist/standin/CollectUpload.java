package dev.walrusstream.jobdist.standin;

import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.flink.DecodedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.ByteArrayOutputStream;

/** Keeps an upload's chunks in keyed state until its last chunk, then emits the whole upload. */
final class CollectUpload extends KeyedProcessFunction<String, DecodedRecord, UploadBytes> {
    private static final long serialVersionUID = 1L;

    private transient ListState<byte[]> chunks;
    private transient ValueState<Long> firstOffset;

    @Override
    public void open(OpenContext context) {
        chunks = getRuntimeContext().getListState(new ListStateDescriptor<>("chunks",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        firstOffset = getRuntimeContext().getState(new ValueStateDescriptor<>("first-offset", Types.LONG));
    }

    @Override
    public void processElement(DecodedRecord record, Context ctx, Collector<UploadBytes> out) throws Exception {
        ChunkEvent c = record.chunk;
        if (firstOffset.value() == null) {
            firstOffset.update(c.kafkaOffset);
        }
        chunks.add(c.data);
        if (!c.last) {
            return;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] b : chunks.get()) {
            all.write(b);
        }
        UploadBytes u = new UploadBytes();
        u.uploadId = c.uploadId;
        u.sourceName = c.sourceName;
        u.data = all.toByteArray();
        u.topic = c.topic;
        u.partition = c.partition;
        u.firstOffset = firstOffset.value();
        u.lastOffset = c.kafkaOffset;
        chunks.clear();
        firstOffset.clear();
        out.collect(u);
    }
}
