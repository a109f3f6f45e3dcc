package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.ChunkEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decoded chunks go on; records that could not be decoded go to {@link AssembleUploads#DEAD}. */
public final class SplitDecoded extends ProcessFunction<DecodedRecord, ChunkEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(DecodedRecord record, Context ctx, Collector<ChunkEvent> out) {
        if (record.chunk != null) {
            out.collect(record.chunk);
        } else {
            ctx.output(AssembleUploads.DEAD, record.dead);
        }
    }
}
