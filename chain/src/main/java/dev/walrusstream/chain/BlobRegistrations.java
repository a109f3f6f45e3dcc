package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the events say about one blob ID: its blob objects (registered, certified, their end
 * epochs) and whether it was marked invalid. Immutable; {@link #apply} returns the updated view.
 * Storage nodes keep one per blob they know; the blob status is derived from it as Walrus does.
 */
public record BlobRegistrations(List<Entry> objects, EventId invalidEvent) {
    public static final BlobRegistrations EMPTY = new BlobRegistrations(List.of(), null);

    /** One blob object as the events describe it. {@code certifiedEpoch} is null until certified. */
    public record Entry(ObjectId objectId, boolean deletable, int endEpoch, Integer certifiedEpoch,
                        EventId registeredEvent, EventId certifiedEvent) {
        public boolean isLive(int currentEpoch) {
            return endEpoch > currentEpoch;
        }

        public boolean isCertified() {
            return certifiedEpoch != null;
        }
    }

    public BlobRegistrations {
        objects = List.copyOf(objects);
    }

    /** The view after {@code event}; events for other blob IDs must not be passed. */
    public BlobRegistrations apply(EventId id, ChainEvent event) {
        List<Entry> next = new ArrayList<>(objects);
        if (event instanceof ChainEvent.BlobRegistered r) {
            next.removeIf(e -> e.objectId().equals(r.objectId()));
            next.add(new Entry(r.objectId(), r.deletable(), r.endEpoch(), null, id, null));
        } else if (event instanceof ChainEvent.BlobCertified c) {
            Entry old = find(c.objectId());
            next.removeIf(e -> e.objectId().equals(c.objectId()));
            EventId registered = old == null ? id : old.registeredEvent();
            next.add(new Entry(c.objectId(), c.deletable(), c.endEpoch(), c.epoch(), registered, id));
        } else if (event instanceof ChainEvent.BlobDeleted d) {
            next.removeIf(e -> e.objectId().equals(d.objectId()));
        } else if (event instanceof ChainEvent.InvalidBlobId) {
            return new BlobRegistrations(next, id);
        }
        return new BlobRegistrations(next, invalidEvent);
    }

    public Entry find(ObjectId objectId) {
        for (Entry e : objects) {
            if (e.objectId().equals(objectId)) {
                return e;
            }
        }
        return null;
    }

    public boolean isInvalid() {
        return invalidEvent != null;
    }

    /** Some live registration exists (what a node needs before accepting data or confirming a permanent blob). */
    public boolean isRegistered(int currentEpoch) {
        return !isInvalid() && objects.stream().anyMatch(e -> e.isLive(currentEpoch));
    }

    /** A live permanent registration exists. */
    public boolean isPermanentRegistered(int currentEpoch) {
        return !isInvalid() && objects.stream().anyMatch(e -> !e.deletable() && e.isLive(currentEpoch));
    }

    /** The given deletable object is registered and live. */
    public boolean isObjectRegistered(ObjectId objectId, int currentEpoch) {
        Entry e = find(objectId);
        return !isInvalid() && e != null && e.deletable() && e.isLive(currentEpoch);
    }

    /** Some live registration is certified (the blob must be available: nodes recover missing slivers). */
    public boolean isCertified(int currentEpoch) {
        return !isInvalid() && objects.stream().anyMatch(e -> e.isCertified() && e.isLive(currentEpoch));
    }

    /** Walrus's status view: invalid wins, then the best live permanent object, then deletable counts. */
    public BlobStatus status(int currentEpoch) {
        if (isInvalid()) {
            return new BlobStatus.Invalid(invalidEvent);
        }
        List<Entry> live = objects.stream().filter(e -> e.isLive(currentEpoch)).toList();
        if (live.isEmpty()) {
            return BlobStatus.Nonexistent.INSTANCE;
        }
        Integer initialCertified = null;
        int deletableTotal = 0;
        int deletableCertified = 0;
        Entry bestPermanent = null;
        for (Entry e : live) {
            if (e.isCertified() && (initialCertified == null || e.certifiedEpoch() < initialCertified)) {
                initialCertified = e.certifiedEpoch();
            }
            if (e.deletable()) {
                deletableTotal++;
                if (e.isCertified()) {
                    deletableCertified++;
                }
            } else if (bestPermanent == null || better(e, bestPermanent)) {
                bestPermanent = e;
            }
        }
        DeletableCounts counts = new DeletableCounts(deletableTotal, deletableCertified);
        if (bestPermanent != null) {
            EventId event = bestPermanent.isCertified() ? bestPermanent.certifiedEvent() : bestPermanent.registeredEvent();
            return new BlobStatus.Permanent(bestPermanent.endEpoch(), bestPermanent.isCertified(), event, counts,
                    initialCertified);
        }
        return new BlobStatus.Deletable(initialCertified, counts);
    }

    private static boolean better(Entry a, Entry b) {
        if (a.isCertified() != b.isCertified()) {
            return a.isCertified();
        }
        return a.endEpoch() > b.endEpoch();
    }
}
