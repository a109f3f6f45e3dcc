package dev.walrusstream.chain;

/**
 * Where a follower of chain events stands; opaque to callers, meaningful to the chain that issued
 * it. {@link #START} reads from the first event. Persist it to resume after a restart.
 */
public record EventCursor(String value) {
    public static final EventCursor START = new EventCursor("");

    public EventCursor {
        if (value == null) {
            throw new IllegalArgumentException("event cursor must not be null");
        }
    }

    public boolean isStart() {
        return value.isEmpty();
    }
}
