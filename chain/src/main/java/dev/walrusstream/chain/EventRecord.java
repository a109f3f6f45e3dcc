package dev.walrusstream.chain;

/** One event with its ID and the cursor that resumes right after it. */
public record EventRecord(EventId id, EventCursor cursor, ChainEvent event) {
}
