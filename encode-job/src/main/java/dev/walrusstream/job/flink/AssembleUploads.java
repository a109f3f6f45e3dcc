package dev.walrusstream.job.flink;

import dev.walrusstream.job.assembly.AssemblyLimits;
import dev.walrusstream.job.assembly.ChunkEvent;
import dev.walrusstream.job.assembly.DeadLetterEvent;
import dev.walrusstream.job.assembly.IncompleteTimeout;
import dev.walrusstream.job.assembly.Sha256Engines;
import dev.walrusstream.job.assembly.SmallUpload;
import dev.walrusstream.job.assembly.UploadAssembler;
import dev.walrusstream.job.assembly.UploadState;
import dev.walrusstream.sink.BlobTask;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Flink adapter of {@link UploadAssembler}, keyed by upload id: segments go downstream, small uploads
 * to {@link #SMALL}, rejected chunks to {@link #DEAD}. A processing-time timer per upload dead-letters
 * uploads whose last chunk does not arrive within {@code incompleteTimeout} (and forgets failed ones);
 * an upload expires only once the input moved on without it or went silent ({@link IncompleteTimeout}):
 * a timer due while the job catches up after an outage, or is backpressured, waits for the chunks.
 */
public final class AssembleUploads extends KeyedProcessFunction<String, ChunkEvent, BlobTask> {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(AssembleUploads.class.getName());

    public static final OutputTag<SmallUpload> SMALL = new OutputTag<>("small-uploads", TypeInformation.of(SmallUpload.class));
    public static final OutputTag<DeadLetterEvent> DEAD = new OutputTag<>("dead-letters", TypeInformation.of(DeadLetterEvent.class));

    private final AssemblyLimits limits;
    private final Duration incompleteTimeout;
    private transient UploadAssembler assembler;
    private transient ValueState<UploadState> upload;
    private transient ValueState<Long> timer;
    /** The Kafka timestamp of the upload's last chunk (absent in state of earlier builds). */
    private transient ValueState<Long> lastChunkTimestamp;
    /** Created at this task's first callback since it (re)started. */
    private transient IncompleteTimeout clock;

    public AssembleUploads(AssemblyLimits limits, Duration incompleteTimeout) {
        this.limits = limits;
        this.incompleteTimeout = incompleteTimeout;
        new IncompleteTimeout(incompleteTimeout, 0); // validates
    }

    @Override
    public void open(OpenContext context) {
        assembler = new UploadAssembler(limits);
        LOG.log(Sha256Engines.best() == Sha256Engines.JDK ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                Sha256Engines.describe());
        upload = getRuntimeContext().getState(new ValueStateDescriptor<>("upload", TypeInformation.of(UploadState.class)));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("upload-timer", Long.class));
        lastChunkTimestamp = getRuntimeContext().getState(new ValueStateDescriptor<>("upload-last-chunk-timestamp", Long.class));
    }

    @Override
    public void processElement(ChunkEvent chunk, Context ctx, Collector<BlobTask> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        clock(now).input(now, chunk.topic, chunk.partition, chunk.timestamp);
        UploadState next = assembler.accept(upload.value(), chunk, output(ctx, out));
        Long previous = timer.value();
        if (previous != null) {
            ctx.timerService().deleteProcessingTimeTimer(previous);
        }
        if (next == null) {
            upload.clear();
            timer.clear();
            lastChunkTimestamp.clear();
        } else {
            upload.update(next);
            lastChunkTimestamp.update(chunk.timestamp);
            long at = clock.deadline(now);
            ctx.timerService().registerProcessingTimeTimer(at);
            timer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BlobTask> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        UploadState state = upload.value();
        OptionalLong later = state == null || state.failedReason != null ? OptionalLong.empty()
                : clock(now).deferral(now, state.topic, state.partition, lastChunkTimestamp.value());
        if (later.isPresent()) {
            ctx.timerService().registerProcessingTimeTimer(later.getAsLong());
            timer.update(later.getAsLong());
            return;
        }
        assembler.expire(state, output(ctx, out));
        upload.clear();
        timer.clear();
        lastChunkTimestamp.clear();
    }

    private IncompleteTimeout clock(long now) {
        if (clock == null) {
            clock = new IncompleteTimeout(incompleteTimeout, now);
        }
        return clock;
    }

    private static UploadAssembler.Output output(KeyedProcessFunction<String, ChunkEvent, BlobTask>.Context ctx,
                                                 Collector<BlobTask> out) {
        return new UploadAssembler.Output() {
            @Override
            public void segment(BlobTask task) {
                out.collect(task);
            }

            @Override
            public void small(SmallUpload upload) {
                ctx.output(SMALL, upload);
            }

            @Override
            public void deadLetter(DeadLetterEvent event) {
                ctx.output(DEAD, event);
            }
        };
    }
}
