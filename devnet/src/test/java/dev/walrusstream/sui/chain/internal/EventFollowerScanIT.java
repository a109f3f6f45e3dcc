package dev.walrusstream.sui.chain.internal;

import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import dev.walrusstream.sui.chain.SuiChain;
import dev.walrusstream.sui.chain.SuiChainOptions;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.rpc.SuiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Following Sui checkpoints that hold no Walrus event (on Sui, most of them): the follower scans at most a
 * bounded number per call, and an empty answer must then say whether it reached the chain's head. An empty
 * page moves its cursor past checkpoints scanned whole, and keeps it only at the head; a storage node's
 * chain follower takes the unchanged cursor as "caught up", so a moved one must never look like it.
 * LocalSui over real gRPC; the follower is given a scan bound of 2 checkpoints so a handful of
 * transactions is a long stretch.
 */
class EventFollowerScanIT {
    static final SuiKeyPair ALICE = LocalSuiFixture.key("alice");

    @TempDir
    Path dir;

    @Test
    void anEmptyPageMovesPastWholeCheckpointsAndKeepsItsCursorOnlyAtTheHead() throws Exception {
        try (LocalSuiFixture net = LocalSuiFixture.create(dir, Map.of(ALICE, LocalSuiFixture.FUNDS))) {
            SuiChain alice = net.openChain(ALICE);
            for (int i = 0; i < 4; i++) {
                BlobMetadata m = RedStuff.create().encode(LocalSuiFixture.SHARDS,
                        ("blob " + i).getBytes(StandardCharsets.UTF_8)).metadata();
                alice.reserveAndRegister(m.blobId(), m.rootHash(), m.unencodedLength(), 1, true, 3);
            }
            long height = net.sui.checkpointHeight();
            assertTrue(height >= 4, "four transactions, four checkpoints at least: " + height);
            String walrus = net.sui.ids().originalPackage().toString();
            List<EventRecord> reference = drain(alice::events);
            assertTrue(reference.size() >= 4, "the four registrations are Walrus events: " + reference);

            try (SuiClient client = SuiClient.connect(net.config(ALICE).endpoint(), net.config(ALICE).clientOptions())) {
                // no package counts as Walrus's: every checkpoint is one without a Walrus event
                EventFollower blind = new EventFollower(client, Set::of, SuiChainOptions.EventStart.EARLIEST, e -> { }, 2);
                EventCursor cursor = EventCursor.START;
                int moved = 0;
                while (true) {
                    EventPage page = blind.events(cursor, 100, Duration.ZERO);
                    assertTrue(page.events().isEmpty());
                    if (page.next().equals(cursor)) {
                        break;
                    }
                    assertNotEquals(EventCursor.START, page.next());
                    cursor = page.next();
                    moved++;
                    assertTrue(moved <= height + 1, "the cursor keeps moving past the head: " + cursor);
                }
                assertTrue(moved >= 2, "a scan bound of 2 over " + (height + 1) + " checkpoints answers empty, moved, "
                        + "more than once before the head; moved " + moved + " times");
                assertEquals("sui:" + (height + 1) + ":-1:-1", cursor.value(), "at the head, past the last checkpoint");

                // with Walrus's package: a bounded scan that answers in small steps loses and repeats nothing
                EventFollower bounded = new EventFollower(client, () -> Set.of(walrus),
                        SuiChainOptions.EventStart.EARLIEST, e -> { }, 2);
                assertEquals(reference, drain(bounded::events));
            }
        }
    }

    interface Events {
        EventPage events(EventCursor after, int limit, Duration wait);
    }

    /** Every event until a page comes back empty with its cursor unchanged (the head). */
    static List<EventRecord> drain(Events chain) {
        List<EventRecord> out = new ArrayList<>();
        EventCursor cursor = EventCursor.START;
        while (true) {
            EventPage page = chain.events(cursor, 1, Duration.ZERO);
            out.addAll(page.events());
            if (page.next().equals(cursor)) {
                return out;
            }
            cursor = page.next();
        }
    }
}
