package dev.walrusstream.chain;

import java.util.List;

/** A batch of events in order and the cursor to continue from (unchanged when the batch is empty). */
public record EventPage(List<EventRecord> events, EventCursor next) {
    public EventPage {
        events = List.copyOf(events);
    }
}
