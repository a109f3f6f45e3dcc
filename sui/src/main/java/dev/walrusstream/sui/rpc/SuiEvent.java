package dev.walrusstream.sui.rpc;

import java.util.Objects;

/**
 * A Move event. {@code eventType} names the package that first defined the struct (e.g.
 * {@code 0x…::events::BlobCertified}); {@code packageId} is the package whose function was called.
 * {@code contents} is the event struct's BCS.
 */
public record SuiEvent(String packageId, String module, String sender, String eventType, byte[] contents) {
    public SuiEvent {
        Objects.requireNonNull(eventType, "eventType");
        contents = contents.clone();
    }

    @Override
    public byte[] contents() {
        return contents.clone();
    }
}
