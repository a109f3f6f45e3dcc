package dev.walrusstream.job.flink;

import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.job.assembly.QuiltBatcher;
import dev.walrusstream.job.assembly.SmallUpload;
import dev.walrusstream.sink.BlobTask;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink adapter of {@link QuiltBatcher}, keyed by a packer slot: small uploads wait in keyed state
 * until a quilt is full (count or bytes) or has lingered {@code linger} since its first upload.
 */
public final class PackQuilts extends KeyedProcessFunction<Integer, SmallUpload, BlobTask> {
    private static final long serialVersionUID = 1L;

    private final int nShards;
    private final long targetBytes;
    private final int maxPatches;
    private final long lingerMillis;
    private transient QuiltBatcher batcher;
    private transient ListState<SmallUpload> pending;
    private transient ValueState<Long> pendingBytes;
    private transient ValueState<Integer> pendingCount;
    private transient ValueState<Long> timer;

    public PackQuilts(int nShards, long targetBytes, int maxPatches, Duration linger) {
        this.nShards = nShards;
        this.targetBytes = targetBytes;
        this.maxPatches = maxPatches;
        this.lingerMillis = linger.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        batcher = new QuiltBatcher(RedStuffParams.of(nShards), targetBytes, maxPatches);
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("quilt-pending", TypeInformation.of(SmallUpload.class)));
        pendingBytes = getRuntimeContext().getState(new ValueStateDescriptor<>("quilt-bytes", Long.class));
        pendingCount = getRuntimeContext().getState(new ValueStateDescriptor<>("quilt-count", Integer.class));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("quilt-timer", Long.class));
    }

    @Override
    public void processElement(SmallUpload upload, Context ctx, Collector<BlobTask> out) throws Exception {
        if (!batcher.fitsAPatch(upload)) {
            // attributes larger than a patch header holds: stored as a blob of its own, every attribute kept
            out.collect(BlobTask.segment(upload.part, upload.data));
            return;
        }
        pending.add(upload);
        long bytes = (pendingBytes.value() == null ? 0 : pendingBytes.value()) + upload.data.length;
        int count = (pendingCount.value() == null ? 0 : pendingCount.value()) + 1;
        if (batcher.full(count, bytes)) {
            flush(ctx.timerService(), out);
            return;
        }
        pendingBytes.update(bytes);
        pendingCount.update(count);
        if (timer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + lingerMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            timer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BlobTask> out) throws Exception {
        flush(ctx.timerService(), out);
    }

    private void flush(org.apache.flink.streaming.api.TimerService timers, Collector<BlobTask> out) throws Exception {
        List<SmallUpload> uploads = new ArrayList<>();
        for (SmallUpload u : pending.get()) {
            uploads.add(u);
        }
        if (!uploads.isEmpty()) {
            out.collect(batcher.build(uploads));
        }
        Long at = timer.value();
        if (at != null) {
            timers.deleteProcessingTimeTimer(at);
        }
        pending.clear();
        pendingBytes.clear();
        pendingCount.clear();
        timer.clear();
    }
}
