package dev.walrusstream.devnet.chain;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three forms a batched chain call is tested on: LocalChain in process, LocalChain's HTTP service,
 * and SuiChain against LocalSui; each with Alice's and Bob's clients and the ledger's transaction count.
 */
final class ChainForms {
    private ChainForms() {
    }

    static final SuiKeyPair ALICE = LocalSuiFixture.key("alice");
    static final SuiKeyPair BOB = LocalSuiFixture.key("bob");

    enum Kind { LOCAL, LOCAL_HTTP, SUI }

    /** One ledger with Alice's and Bob's clients, and how many transactions it has committed. */
    interface Net extends AutoCloseable {
        Chain alice();

        Chain bob();

        long transactions();

        void advanceEpoch();

        /** The ledger's epoch (a client's cached view may lag it). */
        int epoch();

        @Override
        void close();
    }

    static Net open(Kind kind, Path dir) throws Exception {
        Map<SuiKeyPair, Long> funds = Map.of(ALICE, LocalSuiFixture.FUNDS, BOB, LocalSuiFixture.FUNDS);
        if (kind == Kind.SUI) {
            LocalSuiFixture f = LocalSuiFixture.create(dir, funds);
            var a = f.chain(ALICE);
            var b = f.chain(BOB);
            return new Net() {
                public Chain alice() {
                    return a;
                }

                public Chain bob() {
                    return b;
                }

                public long transactions() {
                    return f.sui.checkpointHeight(); // one checkpoint per transaction
                }

                public void advanceEpoch() {
                    f.sui.advanceEpoch();
                }

                public int epoch() {
                    return f.sui.walrusEpoch();
                }

                public void close() {
                    a.close();
                    b.close();
                    f.close();
                }
            };
        }
        LocalChain local = LocalChain.create(dir, LocalSuiFixture.genesis(funds), address(ALICE));
        LocalChain bobLocal = local.forAccount(address(BOB));
        LocalChainHttpServer server = kind == Kind.LOCAL_HTTP ? LocalChainHttpServer.start(local, "127.0.0.1", 0) : null;
        Chain a = server == null ? local : new LocalChainHttpClient(server.url(), address(ALICE));
        Chain b = server == null ? bobLocal : new LocalChainHttpClient(server.url(), address(BOB));
        return new Net() {
            public Chain alice() {
                return a;
            }

            public Chain bob() {
                return b;
            }

            public long transactions() {
                return local.ledger().lastTxSeq();
            }

            public void advanceEpoch() {
                local.advanceEpoch();
            }

            public int epoch() {
                return local.currentEpoch();
            }

            public void close() {
                if (server != null) {
                    server.close();
                }
                local.close();
            }
        };
    }

    static SuiAddress address(SuiKeyPair k) {
        return k.address();
    }

    /**
     * What {@code pick} takes from {@code chain}'s events, from the start, in order, once {@code k} have
     * arrived (SuiChain follows events from checkpoints): waits on the event long-poll, failing after 60 s
     * with how many of the {@code what} events came.
     */
    static <T> List<T> awaitEvents(Chain chain, int k, String what, Function<EventRecord, Optional<T>> pick) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        EventCursor cursor = EventCursor.START;
        List<T> picked = new ArrayList<>();
        while (picked.size() < k) {
            assertTrue(System.nanoTime() < deadline, "only " + picked.size() + " of " + k + " " + what + " events arrived");
            var page = chain.events(cursor, 10_000, Duration.ofSeconds(2));
            for (EventRecord r : page.events()) {
                pick.apply(r).ifPresent(picked::add);
            }
            cursor = page.next();
        }
        return picked;
    }
}
