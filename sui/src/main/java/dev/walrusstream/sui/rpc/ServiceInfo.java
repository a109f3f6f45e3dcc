package dev.walrusstream.sui.rpc;

import java.time.Instant;
import java.util.Optional;

/** Chain identity and tip of a full node ({@code LedgerService.GetServiceInfo}). */
public record ServiceInfo(String chainId, String chain, long epoch, long checkpointHeight,
                          Optional<Instant> timestamp, long lowestAvailableCheckpoint, String server) {
}
