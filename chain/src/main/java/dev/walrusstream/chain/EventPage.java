package dev.walrusstream.chain;

import java.util.List;

/**
 * A batch of events in order and the cursor to continue from. An empty batch with the cursor unchanged
 * means the chain had no event after it; an empty batch with a moved cursor means the chain skipped a
 * stretch without events and has more to look at (a Sui chain scanning checkpoints without Walrus
 * events), so the caller should continue from the new cursor.
 */
public record EventPage(List<EventRecord> events, EventCursor next) {
    public EventPage {
        events = List.copyOf(events);
    }

    /** True when this page, the answer for {@code asked}, is the chain's head: no events, and the cursor unchanged. */
    public boolean atHead(EventCursor asked) {
        return events.isEmpty() && next.equals(asked);
    }
}
