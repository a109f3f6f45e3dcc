package dev.walrusstream.sui.chain.internal;

import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.chain.SuiChainOptions;
import dev.walrusstream.sui.rpc.Checkpoint;
import dev.walrusstream.sui.rpc.ExecutedTransaction;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.rpc.SuiEvent;
import dev.walrusstream.sui.rpc.SuiRpcException;
import dev.walrusstream.sui.walrus.WalrusEvents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code Chain.events} on Sui: reads checkpoints in order ({@code GetCheckpoint}), keeps the events
 * whose type is defined by a Walrus package in module {@code events}, decodes them, and waits on
 * the checkpoint stream when it reached the tip. The cursor {@code sui:<checkpoint>:<transaction
 * index>:<event index>} names the last event delivered, so a follower that stores it resumes
 * exactly after a restart. Checkpoint certificates are not verified: the full node is trusted.
 */
public final class EventFollower implements AutoCloseable {
    /** Checkpoints scanned in one call before answering (an empty page) when far behind. */
    static final int MAX_SCAN = 2_000;
    private static final String MASK = "sequence_number,summary.timestamp,transactions.digest,transactions.events";
    private static final String PREFIX = "sui:";

    private record Position(long checkpoint, int transaction, int event) {
    }

    private final SuiClient client;
    private final Supplier<Set<String>> eventPackages;
    private final SuiChainOptions.EventStart start;
    private final Consumer<ChainEvent.EpochChanged> onEpochChange;
    private final CheckpointWaiter waiter;
    private final int maxScan;
    private Long startCheckpoint;

    public EventFollower(SuiClient client, Supplier<Set<String>> eventPackages, SuiChainOptions.EventStart start,
                         Consumer<ChainEvent.EpochChanged> onEpochChange) {
        this(client, eventPackages, start, onEpochChange, MAX_SCAN);
    }

    EventFollower(SuiClient client, Supplier<Set<String>> eventPackages, SuiChainOptions.EventStart start,
                  Consumer<ChainEvent.EpochChanged> onEpochChange, int maxScan) {
        if (maxScan < 1) {
            throw new IllegalArgumentException("maxScan must be at least 1, got " + maxScan);
        }
        this.maxScan = maxScan;
        this.client = client;
        this.eventPackages = eventPackages;
        this.start = start;
        this.onEpochChange = onEpochChange;
        this.waiter = new CheckpointWaiter(client);
    }

    /**
     * Walrus events after {@code after}. An empty page keeps the cursor only when every checkpoint the chain
     * has was scanned; when checkpoints were scanned whole without a Walrus event (at most {@link #MAX_SCAN}
     * per call) the cursor moves past them, so a caller can tell "nothing yet, more to scan" from "at the head".
     */
    public EventPage events(EventCursor after, int limit, Duration wait) {
        Position pos = parse(after);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            long next = pos.checkpoint;
            long height = waiter.height();
            while (true) {
                List<EventRecord> out = new ArrayList<>();
                int scanned = 0;
                while (next <= height && out.size() < Math.max(1, limit) && scanned < maxScan) {
                    Checkpoint cp;
                    try {
                        cp = client.getCheckpoint(next, MASK);
                    } catch (SuiRpcException e) {
                        if (e.code() == io.grpc.Status.Code.NOT_FOUND) {
                            break; // not served yet
                        }
                        throw e;
                    }
                    boolean complete = collect(cp, pos, out, Math.max(1, limit));
                    if (!complete) {
                        return new EventPage(out, out.get(out.size() - 1).cursor());
                    }
                    next++;
                    scanned++;
                }
                if (!out.isEmpty()) {
                    return new EventPage(out, out.get(out.size() - 1).cursor());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || scanned >= maxScan) {
                    return empty(after, pos, next);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new ChainException.Unavailable("interrupted while waiting for Sui checkpoints", null);
                }
                height = waiter.awaitAbove(next - 1, Duration.ofNanos(left));
                if (height < next && System.nanoTime() >= deadline) {
                    return empty(after, pos, next);
                }
            }
        } catch (SuiRpcException e) {
            throw new ChainException.Unavailable("following Sui checkpoints: " + e.getMessage(), e);
        }
    }

    /** Adds the Walrus events of {@code cp} after {@code pos}; false when {@code limit} was reached inside it. */
    private boolean collect(Checkpoint cp, Position pos, List<EventRecord> out, int limit) {
        Set<String> packages = eventPackages.get();
        List<ExecutedTransaction> txs = cp.transactions();
        for (int t = 0; t < txs.size(); t++) {
            if (cp.sequenceNumber() == pos.checkpoint && t < pos.transaction) {
                continue;
            }
            ExecutedTransaction tx = txs.get(t);
            List<SuiEvent> events = tx.events();
            for (int e = 0; e < events.size(); e++) {
                if (cp.sequenceNumber() == pos.checkpoint && t == pos.transaction && e <= pos.event) {
                    continue;
                }
                SuiEvent ev = events.get(e);
                String name = walrusEventName(ev.eventType(), packages);
                if (name == null) {
                    continue;
                }
                ChainEvent decoded;
                try {
                    decoded = WalrusEvents.decode(name, ev.contents()).orElse(null);
                } catch (BcsException x) {
                    throw new ChainException.Unavailable("event " + tx.digest() + ":" + e + " of type " + ev.eventType()
                            + " in checkpoint " + cp.sequenceNumber() + " does not decode: " + x.getMessage(), x);
                }
                if (decoded == null) {
                    continue;
                }
                if (decoded instanceof ChainEvent.EpochChanged ec) {
                    onEpochChange.accept(ec);
                } else if (decoded instanceof ChainEvent.EpochChangeDone done) {
                    onEpochChange.accept(new ChainEvent.EpochChanged(done.epoch()));
                }
                out.add(new EventRecord(new EventId(tx.digest().toString(), e),
                        new EventCursor(PREFIX + cp.sequenceNumber() + ":" + t + ":" + e), decoded));
                if (out.size() >= limit) {
                    boolean last = t == txs.size() - 1 && e == events.size() - 1;
                    return last;
                }
            }
        }
        return true;
    }

    /** The struct name when {@code eventType} is {@code <Walrus package>::events::<Name>}, else null. */
    static String walrusEventName(String eventType, Set<String> packages) {
        String[] parts = eventType.split("::");
        if (parts.length != 3 || !parts[1].equals(WalrusEvents.MODULE) || parts[2].contains("<")) {
            return null;
        }
        try {
            return packages.contains(ObjectId.parsePrefixed(parts[0]).toString()) ? parts[2] : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An empty page: past checkpoints {@code [pos.checkpoint, next)} when they were all scanned, else at {@code after}. */
    private static EventPage empty(EventCursor after, Position pos, long next) {
        return next > pos.checkpoint ? new EventPage(List.of(), new EventCursor(PREFIX + next + ":-1:-1"))
                : new EventPage(List.of(), after);
    }

    private Position parse(EventCursor cursor) {
        if (cursor.isStart()) {
            return new Position(startCheckpoint(), -1, -1);
        }
        String v = cursor.value();
        String[] p = v.startsWith(PREFIX) ? v.substring(PREFIX.length()).split(":") : new String[0];
        try {
            if (p.length == 3) {
                return new Position(Long.parseLong(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ChainException.violation(Rule.INVALID_ARGUMENT, "event cursor '" + v + "' was not issued by a Sui chain "
                + "(expected sui:<checkpoint>:<transaction>:<event>)", "cursor", v);
    }

    private synchronized long startCheckpoint() {
        if (startCheckpoint == null) {
            if (start.checkpoint().isPresent()) {
                startCheckpoint = start.checkpoint().getAsLong();
            } else if (start.mode().equals("latest")) {
                startCheckpoint = waiter.height() + 1;
            } else {
                startCheckpoint = client.serviceInfo().lowestAvailableCheckpoint();
            }
        }
        return startCheckpoint;
    }

    @Override
    public void close() {
        waiter.close();
    }
}
