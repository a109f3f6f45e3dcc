package dev.walrusstream.client;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Results;
import dev.walrusstream.codec.BlobId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Keeps a dataset's blobs alive: each round (run at every epoch change) extends the blob objects
 * with fewer than {@code minEpochsLeft} epochs left by {@code epochsExtended}, in batches of one
 * transaction each ({@link Chain#extendBlobs}), as long
 * as the WAL budget and the account's balance cover the whole batch. It warns loudly (a log line
 * and {@link Metrics#shortfalls()}) when the budget or the balance will not cover the next renewal,
 * and stops, with a message naming the amounts and the blobs at risk, when they do not cover this
 * one. {@link #endEpochs()} holds the new end epochs for the manifest's next snapshot.
 *
 * <p>Input: the blob object IDs of the dataset (from its manifest, its receipts or a list). A plain
 * service: the {@code keeper} command and a job can both run it.
 */
public final class BlobKeeper {
    private static final System.Logger LOG = System.getLogger(BlobKeeper.class.getName());
    public static final long FROST_PER_WAL = 1_000_000_000L;

    private final Chain chain;
    private final String dataset;
    private final List<ObjectId> objects;
    private final Settings settings;
    private final Metrics metrics = new Metrics();
    private final Map<ObjectId, Integer> endEpochs = new LinkedHashMap<>();
    private long spent;

    /** How the keeper renews: below how many epochs left, by how many, in batches of how many, within what budget. */
    public record Settings(int minEpochsLeft, int epochsExtended, int batchSize, long budgetFrost)
            implements java.io.Serializable {
        public Settings {
            if (minEpochsLeft < 1) {
                throw new IllegalArgumentException("--min-epochs-left must be >= 1, got " + minEpochsLeft);
            }
            if (epochsExtended < 1) {
                throw new IllegalArgumentException("--epochs-extended must be >= 1, got " + epochsExtended);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch must be >= 1, got " + batchSize);
            }
            if (budgetFrost < 0) {
                throw new IllegalArgumentException("--budget must be >= 0, got " + budgetFrost + " FROST");
            }
        }

        public static Settings defaults() {
            return new Settings(2, 5, 50, Long.MAX_VALUE);
        }
    }

    /** Counters a job registers as metrics: renewals, FROST spent, shortfall warnings, stops. */
    public static final class Metrics {
        private final AtomicLong renewals = new AtomicLong();
        private final AtomicLong frostSpent = new AtomicLong();
        private final AtomicLong shortfalls = new AtomicLong();
        private final AtomicLong expired = new AtomicLong();
        private final AtomicLong transactions = new AtomicLong();

        public long renewals() {
            return renewals.get();
        }

        public long frostSpent() {
            return frostSpent.get();
        }

        /** Times the budget or balance was found short of the next renewal. */
        public long shortfalls() {
            return shortfalls.get();
        }

        /** Renewal transactions sent (one per batch). */
        public long transactions() {
            return transactions.get();
        }

        /** Blob objects found already expired or gone. */
        public long expired() {
            return expired.get();
        }
    }

    /** One renewal: the object, its blob and end epochs before and after, what it cost, and its batch's transaction. */
    public record Renewal(ObjectId objectId, BlobId blobId, int oldEndEpoch, int newEndEpoch, long cost,
                          String txDigest) {
    }

    /**
     * One round: the epoch, what was renewed, objects lost (expired or deleted), what is left of the
     * budget, a warning when the next renewal is not covered, and the stop reason when this one was not.
     */
    public record Round(int epoch, List<Renewal> renewed, List<ObjectId> lost, long spent, long budgetLeft,
                        Optional<String> warning, Optional<String> stopped) {
    }

    public BlobKeeper(Chain chain, String dataset, List<ObjectId> objects, Settings settings) {
        this(chain, dataset, objects, settings, 0);
    }

    /**
     * A keeper that already spent {@code alreadySpent} FROST of its budget (a job's keeper resumed from
     * its checkpoint, or one round of a keeper whose objects change between rounds).
     */
    public BlobKeeper(Chain chain, String dataset, List<ObjectId> objects, Settings settings, long alreadySpent) {
        if (alreadySpent < 0) {
            throw new IllegalArgumentException("the keeper of dataset '" + dataset + "' cannot have spent "
                    + alreadySpent + " FROST");
        }
        this.spent = alreadySpent;
        if (objects == null || objects.isEmpty()) {
            throw new IllegalArgumentException("the keeper of dataset '" + dataset + "' has no blob objects to keep");
        }
        this.chain = chain;
        this.dataset = dataset;
        this.objects = List.copyOf(objects);
        this.settings = settings;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The latest end epoch of every kept blob object, for the manifest's next snapshot. */
    public synchronized Map<ObjectId, Integer> endEpochs() {
        return Map.copyOf(endEpochs);
    }

    public synchronized long spent() {
        return spent;
    }

    /** One round at the current epoch. */
    public synchronized Round runOnce() {
        ChainInfo info = chain.info();
        int epoch = info.epoch();
        List<BlobObject> due = new ArrayList<>();
        List<ObjectId> lost = new ArrayList<>();
        for (ObjectId id : objects) {
            Optional<BlobObject> o = chain.blobObject(id);
            if (o.isEmpty() || o.get().endEpoch() <= epoch) {
                lost.add(id);
                metrics.expired.incrementAndGet();
                LOG.log(System.Logger.Level.ERROR, "KEEPER: blob object " + id + " of dataset '" + dataset + "' is "
                        + (o.isEmpty() ? "gone (deleted)" : "expired at epoch " + o.get().endEpoch()) + "; it cannot be "
                        + "renewed");
                continue;
            }
            endEpochs.put(id, o.get().endEpoch());
            if (o.get().isCertified() && o.get().endEpoch() - epoch < settings.minEpochsLeft()) {
                due.add(o.get());
            }
        }
        List<Renewal> renewed = new ArrayList<>();
        Optional<String> stopped = Optional.empty();
        for (int from = 0; from < due.size() && stopped.isEmpty(); from += settings.batchSize()) {
            List<BlobObject> batch = due.subList(from, Math.min(due.size(), from + settings.batchSize()));
            long cost = 0;
            for (BlobObject b : batch) {
                cost = Math.addExact(cost, info.storageCost(b.storage().storageSize(), extension(b, epoch, info)));
            }
            long balance = chain.account().map(chain::balance).orElse(Long.MAX_VALUE);
            if (cost > budgetLeft() || cost > balance) {
                int atRisk = due.size() - from;
                int soonest = due.subList(from, due.size()).stream().mapToInt(BlobObject::endEpoch).min().orElse(epoch);
                String what = cost > budgetLeft() ? "the keeper's budget has " + wal(budgetLeft()) + " left of "
                        + wal(settings.budgetFrost()) : "the account's balance is " + wal(balance);
                stopped = Optional.of("KEEPER STOPPED: renewing the next " + batch.size() + " blob object(s) of dataset '"
                        + dataset + "' costs " + wal(cost) + " but " + what + "; " + atRisk + " blob object(s) expire "
                        + "from epoch " + soonest + " unless renewed (" + wal(spent) + " spent so far)");
                metrics.shortfalls.incrementAndGet();
                LOG.log(System.Logger.Level.ERROR, stopped.get());
                break;
            }
            renewed.addAll(renew(batch, epoch, info));
        }
        Optional<String> warning = stopped.isPresent() ? stopped : lookAhead(info, epoch);
        return new Round(epoch, List.copyOf(renewed), List.copyOf(lost), spent, budgetLeft(), warning, stopped);
    }

    /**
     * Renews one batch: one {@code extendBlobs} transaction per distinct extension (normally one; a blob
     * near the system's maximum epochs ahead gets fewer epochs). A refusal names its blob object: that
     * one is logged and left out, and the rest of the batch goes again.
     */
    private List<Renewal> renew(List<BlobObject> batch, int epoch, ChainInfo info) {
        Map<Integer, List<BlobObject>> byEpochs = new LinkedHashMap<>();
        for (BlobObject b : batch) {
            byEpochs.computeIfAbsent(extension(b, epoch, info), k -> new ArrayList<>()).add(b);
        }
        List<Renewal> out = new ArrayList<>();
        for (Map.Entry<Integer, List<BlobObject>> group : byEpochs.entrySet()) {
            List<BlobObject> left = new ArrayList<>(group.getValue());
            while (!left.isEmpty()) {
                try {
                    Results.Extensions x = chain.extendBlobs(left.stream().map(BlobObject::id).toList(), group.getKey());
                    spent = Math.addExact(spent, x.cost());
                    metrics.frostSpent.addAndGet(x.cost());
                    metrics.transactions.incrementAndGet();
                    for (int i = 0; i < left.size(); i++) {
                        BlobObject b = left.get(i);
                        Results.Extension e = x.extensions().get(i);
                        metrics.renewals.incrementAndGet();
                        endEpochs.put(b.id(), e.blob().endEpoch());
                        out.add(new Renewal(b.id(), b.blobId(), b.endEpoch(), e.blob().endEpoch(), e.cost(),
                                x.txDigest()));
                    }
                    left.clear();
                } catch (ChainException.RuleViolation e) {
                    String culprit = e.values().get("objectId");
                    boolean named = left.removeIf(b -> b.id().toString().equals(culprit));
                    LOG.log(System.Logger.Level.ERROR, "KEEPER: extending " + (named ? "blob object " + culprit
                            : left.size() + " blob objects") + " of dataset '" + dataset + "' was refused: "
                            + e.getMessage() + (named && !left.isEmpty() ? "; renewing the other " + left.size()
                            + " of the batch" : ""));
                    if (!named) {
                        left.clear();
                    }
                }
            }
        }
        return out;
    }

    /** Warns when the budget or balance will not cover renewing every kept blob once more. */
    private Optional<String> lookAhead(ChainInfo info, int epoch) {
        long next = 0;
        for (ObjectId id : objects) {
            Optional<BlobObject> o = chain.blobObject(id);
            if (o.isPresent() && o.get().endEpoch() > epoch) {
                next = Math.addExact(next, info.storageCost(o.get().storage().storageSize(), settings.epochsExtended()));
            }
        }
        long balance = chain.account().map(chain::balance).orElse(Long.MAX_VALUE);
        if (next <= budgetLeft() && next <= balance) {
            return Optional.empty();
        }
        String w = "KEEPER WARNING: the next renewal of dataset '" + dataset + "' (" + objects.size() + " blob objects, "
                + settings.epochsExtended() + " epochs) costs " + wal(next) + "; "
                + (next > budgetLeft() ? "the budget has " + wal(budgetLeft()) + " left" : "")
                + (next > budgetLeft() && next > balance ? " and " : "")
                + (next > balance ? "the account's balance is " + wal(balance) : "");
        metrics.shortfalls.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, w);
        return Optional.of(w);
    }

    private int extension(BlobObject b, int epoch, ChainInfo info) {
        int room = info.maxEpochsAhead() - (b.endEpoch() - epoch);
        return Math.max(1, Math.min(settings.epochsExtended(), room));
    }

    private long budgetLeft() {
        return settings.budgetFrost() == Long.MAX_VALUE ? Long.MAX_VALUE : settings.budgetFrost() - spent;
    }

    /**
     * Runs a round now and at every epoch change after, until a round stops at the budget or
     * balance, or {@code keepGoing} says no, or the thread is interrupted. Each round goes to
     * {@code onRound}. Returns the last round.
     */
    public Round follow(java.util.function.Consumer<Round> onRound, BooleanSupplier keepGoing) {
        EventCursor cursor = EventCursor.START;
        while (true) {
            EventPage page = chain.events(cursor, 1000, Duration.ZERO);
            if (page.atHead(cursor)) {
                break;
            }
            cursor = page.next();
        }
        Round round = runOnce();
        onRound.accept(round);
        while (round.stopped().isEmpty() && keepGoing.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            EventPage page = chain.events(cursor, 1000, Duration.ofSeconds(2));
            cursor = page.next();
            boolean epochChanged = false;
            for (EventRecord r : page.events()) {
                epochChanged |= r.event() instanceof ChainEvent.EpochChanged;
            }
            if (epochChanged) {
                round = runOnce();
                onRound.accept(round);
            }
        }
        return round;
    }

    /** FROST as WAL with 4 decimals. */
    public static String wal(long frost) {
        return frost == Long.MAX_VALUE ? "unlimited WAL" : String.format(Locale.ROOT, "%.4f WAL", frost / 1e9);
    }

    /** Parses a WAL amount ("2", "0.25") into FROST. */
    public static long parseWal(String text) {
        try {
            java.math.BigDecimal wal = new java.math.BigDecimal(text.trim());
            if (wal.signum() < 0) {
                throw new NumberFormatException();
            }
            return wal.movePointRight(9).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a WAL amount must be a non-negative number such as 2 or 0.25, got '"
                    + text + "'");
        }
    }
}
