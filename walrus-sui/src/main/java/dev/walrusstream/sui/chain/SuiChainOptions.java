package dev.walrusstream.sui.chain;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How {@link SuiChain} reads Walrus on Sui:
 *
 * @param cacheTtl          how long the System object (epoch, prices) read last is reused
 * @param eventStart        where a follower reading events from {@code EventCursor.START} begins:
 *                          {@link EventStart#EARLIEST} (the full node's lowest available checkpoint),
 *                          {@link EventStart#LATEST} (only what happens from now on) or a checkpoint
 * @param nodeScheme        how storage nodes are reached for blob status: {@code auto} (https for nodes that
 *                          publish a TLS network key, as Walrus's do, http otherwise), {@code http} or {@code https}
 * @param nodeStatusTimeout how long to wait for storage nodes' blob status answers
 */
public record SuiChainOptions(Duration cacheTtl, EventStart eventStart, String nodeScheme, Duration nodeStatusTimeout) {

    /** Where event following starts for a fresh cursor. */
    public record EventStart(String mode, OptionalLong checkpoint) {
        public static final EventStart EARLIEST = new EventStart("earliest", OptionalLong.empty());
        public static final EventStart LATEST = new EventStart("latest", OptionalLong.empty());

        public static EventStart at(long checkpoint) {
            if (checkpoint < 0) {
                throw new IllegalArgumentException("start checkpoint must not be negative, got " + checkpoint);
            }
            return new EventStart("checkpoint", OptionalLong.of(checkpoint));
        }

        /** {@code earliest}, {@code latest} or a checkpoint sequence number. */
        public static EventStart parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("earliest") || t.equals("genesis")) {
                return EARLIEST;
            }
            if (t.equals("latest")) {
                return LATEST;
            }
            try {
                return at(Long.parseLong(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sui.events.start must be earliest, latest or a checkpoint number, got '"
                        + text + "'");
            }
        }
    }

    public SuiChainOptions {
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(eventStart, "eventStart");
        if (!nodeScheme.equals("auto") && !nodeScheme.equals("http") && !nodeScheme.equals("https")) {
            throw new IllegalArgumentException("storage node scheme must be auto, http or https, got '" + nodeScheme + "'");
        }
        if (nodeStatusTimeout.isNegative() || nodeStatusTimeout.isZero()) {
            throw new IllegalArgumentException("node status timeout must be positive, got " + nodeStatusTimeout);
        }
    }

    /**
     * Defaults for a network: mainnet and testnet follow events from the latest checkpoint, other
     * networks (a custom or loopback full node) from the earliest; storage nodes are reached over
     * https when they publish a network key (Walrus's nodes), else over http (this project's).
     */
    public static SuiChainOptions defaults(String network) {
        boolean walrusNetwork = network.equals("mainnet") || network.equals("testnet");
        return new SuiChainOptions(Duration.ofSeconds(1), walrusNetwork ? EventStart.LATEST : EventStart.EARLIEST,
                "auto", Duration.ofSeconds(5));
    }

    /** {@code sui.cache-ttl-ms}, {@code sui.events.start}, {@code sui.walrus.node-scheme}, {@code sui.node-status-timeout-ms}. */
    public static SuiChainOptions fromProperties(String network, Map<String, String> props) {
        SuiChainOptions d = defaults(network);
        Duration ttl = props.containsKey("sui.cache-ttl-ms") ? Duration.ofMillis(number(props, "sui.cache-ttl-ms"))
                : d.cacheTtl();
        EventStart start = props.containsKey("sui.events.start") ? EventStart.parse(props.get("sui.events.start"))
                : d.eventStart();
        String scheme = props.getOrDefault("sui.walrus.node-scheme", d.nodeScheme()).trim().toLowerCase(Locale.ROOT);
        Duration timeout = props.containsKey("sui.node-status-timeout-ms")
                ? Duration.ofMillis(number(props, "sui.node-status-timeout-ms")) : d.nodeStatusTimeout();
        return new SuiChainOptions(ttl, start, scheme, timeout);
    }

    private static long number(Map<String, String> props, String key) {
        try {
            return Long.parseLong(props.get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a number, got '" + props.get(key) + "'");
        }
    }
}
