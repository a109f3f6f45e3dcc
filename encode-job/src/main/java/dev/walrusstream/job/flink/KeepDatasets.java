package dev.walrusstream.job.flink;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.client.BlobKeeper;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.job.keeper.KeptBlob;
import dev.walrusstream.job.keeper.KeptBlobCodec;
import dev.walrusstream.job.manifest.VersionEvent;
import dev.walrusstream.sink.serde.CodecSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job's keeper: a thin Flink adapter over {@link BlobKeeper}, keyed by dataset. It learns the
 * dataset's blob objects from the job's own receipts (CERTIFIED version events, and each version's final
 * manifest blob from MANIFEST_STORED; kept in map state),
 * and on a processing-time timer every {@code interval} runs one keeper round whenever the chain's
 * epoch changed: blobs near their end epoch are renewed in batched transactions within the
 * dataset's budget (spent so far is state, so a restart does not refill the budget). Every renewal
 * goes out as a RENEWED version event, so the version's next manifest snapshot carries the new end
 * epoch. At the budget or balance the dataset's keeper stops (ERROR log line {@code KEEPER STOPPED …},
 * metrics below) and the pipeline goes on; a failing round (chain unreachable) is retried next time.
 *
 * <p>Metrics: counters {@code walrusKeeperRenewals}, {@code walrusKeeperTransactions},
 * {@code walrusKeeperShortfalls} (budget or balance short of the next renewal), {@code walrusKeeperLostBlobs};
 * gauges {@code walrusKeeperFrostSpent}, {@code walrusKeeperShortfall} (1 while the last round of a
 * dataset warned), {@code walrusKeeperStopped} (datasets stopped) and {@code walrusKeeperStopMessage}.
 */
public final class KeepDatasets extends KeyedProcessFunction<String, VersionEvent, VersionEvent> {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(KeepDatasets.class.getName());

    private final String clientConfigJson;
    private final BlobKeeper.Settings settings;
    private final long intervalMillis;

    private transient Chain chain;
    private transient MapState<String, KeptBlob> kept;
    private transient ValueState<Long> spent;
    private transient ValueState<Integer> lastEpoch;
    private transient ValueState<String> stopped;
    private transient ValueState<Long> timer;
    private transient Counter renewals;
    private transient Counter transactions;
    private transient Counter shortfalls;
    private transient Counter lost;
    private transient Map<String, Long> spentByDataset;
    private transient Map<String, Boolean> shortfallByDataset;
    private transient Map<String, String> stopMessages;

    public KeepDatasets(String clientConfigJson, BlobKeeper.Settings settings, Duration interval) {
        this.clientConfigJson = clientConfigJson;
        this.settings = settings;
        this.intervalMillis = interval.toMillis();
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("keeper.interval must be positive, got " + interval);
        }
    }

    @Override
    public void open(OpenContext context) {
        chain = ClientConfig.parse(clientConfigJson, "walrus.client-config").openChain();
        kept = getRuntimeContext().getMapState(new MapStateDescriptor<>("keeper-blobs", StringSerializer.INSTANCE,
                new CodecSerializer<>(new KeptBlobCodec())));
        spent = getRuntimeContext().getState(new ValueStateDescriptor<>("keeper-spent", LongSerializer.INSTANCE));
        lastEpoch = getRuntimeContext().getState(new ValueStateDescriptor<>("keeper-epoch", IntSerializer.INSTANCE));
        stopped = getRuntimeContext().getState(new ValueStateDescriptor<>("keeper-stopped", StringSerializer.INSTANCE));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("keeper-timer", LongSerializer.INSTANCE));
        spentByDataset = new ConcurrentHashMap<>();
        shortfallByDataset = new ConcurrentHashMap<>();
        stopMessages = new ConcurrentHashMap<>();
        var metrics = getRuntimeContext().getMetricGroup();
        renewals = metrics.counter("walrusKeeperRenewals");
        transactions = metrics.counter("walrusKeeperTransactions");
        shortfalls = metrics.counter("walrusKeeperShortfalls");
        lost = metrics.counter("walrusKeeperLostBlobs");
        metrics.gauge("walrusKeeperFrostSpent", (Gauge<Long>) () -> spentByDataset.values().stream()
                .mapToLong(Long::longValue).sum());
        metrics.gauge("walrusKeeperShortfall", (Gauge<Integer>) () -> shortfallByDataset.containsValue(true) ? 1 : 0);
        metrics.gauge("walrusKeeperStopped", (Gauge<Integer>) () -> stopMessages.size());
        metrics.gauge("walrusKeeperStopMessage", (Gauge<String>) () -> String.join("\n",
                new TreeMap<>(stopMessages).values()));
    }

    @Override
    public void close() throws Exception {
        if (chain != null) {
            chain.close();
        }
    }

    @Override
    public void processElement(VersionEvent e, Context ctx, Collector<VersionEvent> out) throws Exception {
        boolean data = e.kind == VersionEvent.Kind.CERTIFIED;
        if (!(data || e.kind == VersionEvent.Kind.MANIFEST_STORED) || !e.ok || e.objectId == null
                || e.objectId.isEmpty()) {
            return;
        }
        String id = ObjectId.parse(e.objectId).hex();
        KeptBlob k = kept.get(id);
        KeptBlob.Ref ref = new KeptBlob.Ref(e.datasetVersion, e.uploadId, e.segment);
        if (k == null) {
            kept.put(id, new KeptBlob(id, e.endEpoch, List.of(ref)));
        } else if (k.add(ref, e.endEpoch)) {
            kept.put(id, k);
        }
        if (timer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + intervalMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            timer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VersionEvent> out) throws Exception {
        String dataset = ctx.getCurrentKey();
        String stop = stopped.value();
        if (stop != null) {
            stopMessages.put(dataset, stop); // after a restore: still stopped, no more rounds
            timer.clear();
            return;
        }
        try {
            round(dataset, out);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "job keeper of dataset '" + dataset + "': this round failed and is "
                    + "retried in " + intervalMillis + " ms: " + ex);
        }
        if (stopped.value() == null) {
            long at = timestamp + intervalMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            timer.update(at);
        } else {
            timer.clear();
        }
    }

    private void round(String dataset, Collector<VersionEvent> out) throws Exception {
        int epoch = chain.currentEpoch();
        Integer last = lastEpoch.value();
        if (last != null && epoch <= last) {
            return; // one round per epoch
        }
        List<ObjectId> ids = new ArrayList<>();
        for (String id : kept.keys()) {
            ids.add(ObjectId.parse(id));
        }
        if (ids.isEmpty()) {
            return;
        }
        long before = spent.value() == null ? 0 : spent.value();
        BlobKeeper.Round r = new BlobKeeper(chain, dataset, ids, settings, before).runOnce();
        lastEpoch.update(epoch);
        spent.update(r.spent());
        spentByDataset.put(dataset, r.spent());
        for (BlobKeeper.Renewal renewal : r.renewed()) {
            KeptBlob k = kept.get(renewal.objectId().hex());
            if (k == null) {
                continue;
            }
            k.renewedTo(renewal.newEndEpoch());
            kept.put(k.objectId(), k);
            renewals.inc();
            for (KeptBlob.Ref ref : k.refs()) {
                out.collect(renewed(dataset, ref, k.objectId(), renewal.newEndEpoch()));
            }
        }
        transactions.inc(r.renewed().stream().map(BlobKeeper.Renewal::txDigest).distinct().count());
        for (ObjectId gone : r.lost()) {
            kept.remove(gone.hex());
            lost.inc();
        }
        shortfallByDataset.put(dataset, r.warning().isPresent());
        if (r.warning().isPresent()) {
            shortfalls.inc();
        }
        if (r.stopped().isPresent()) {
            String message = r.stopped().get() + "; the job's keeper of dataset '" + dataset + "' makes no more "
                    + "renewals (the pipeline goes on): raise keeper.budget or fund the account, and restart the job";
            stopped.update(message);
            stopMessages.put(dataset, message);
            LOG.log(System.Logger.Level.ERROR, message);
        } else if (!r.renewed().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "job keeper of dataset '" + dataset + "': renewed " + r.renewed().size()
                    + " blob object(s) at epoch " + epoch + "; " + BlobKeeper.wal(r.spent()) + " spent, "
                    + BlobKeeper.wal(r.budgetLeft()) + " left");
        }
    }

    static VersionEvent renewed(String dataset, KeptBlob.Ref ref, String objectId, int endEpoch) {
        VersionEvent e = new VersionEvent();
        e.kind = VersionEvent.Kind.RENEWED;
        e.dataset = dataset;
        e.datasetVersion = ref.datasetVersion();
        e.uploadId = ref.uploadId();
        e.segment = ref.segment();
        e.objectId = objectId;
        e.endEpoch = endEpoch;
        e.ok = true;
        return e;
    }
}
