package dev.walrusstream.node.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sliver log on its own: appends, rolls, releases, reopens, concurrent writers and interrupted threads. */
class SliverLogTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    private static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<Path> segmentFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void rollsSegmentsAndDeletesASealedOneOnceEverySliverInItIsReleased() throws Exception {
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of())) {
            System.out.println("sliver log on " + dir + ": O_DIRECT " + log.direct());
            List<SliverLog.Location> at = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                at.add(log.append(bytes(20_000, i), 0, 20_000)); // 20 480 bytes each: three to a 64 KiB segment
            }
            assertEquals(List.of(1, 1, 1, 2, 2, 2, 3), at.stream().map(SliverLog.Location::segment).toList());
            assertEquals(3, log.segmentCount());
            for (int i = 0; i < 7; i++) {
                assertArrayEquals(bytes(20_000, i), log.read(at.get(i)), "sliver " + i);
            }
            log.release(at.get(0));
            log.release(at.get(1));
            assertEquals(3, log.segmentCount(), "segment 1 still holds sliver 2");
            log.release(at.get(2));
            assertEquals(2, log.segmentCount(), "segment 1 held nothing any more");
            assertNull(log.read(at.get(0)), "a released segment reads as gone");
            assertFalse(Files.exists(dir.resolve("seg-00000001.log")));
            log.release(at.get(6));
            assertEquals(2, log.segmentCount(), "the active segment stays, empty or not");
            log.sync();
            assertThrows(IllegalStateException.class, () -> log.release(at.get(6)), "released twice");
        }
    }

    @Test
    void reopensWithWhatTheIndexSaysAndAppendsToANewSegment() throws Exception {
        SliverLog.Location kept;
        SliverLog.Location dropped;
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of())) {
            kept = log.append(bytes(30_000, 1), 0, 30_000);
            log.append(bytes(30_000, 2), 0, 30_000);
            dropped = log.append(bytes(30_000, 3), 0, 30_000); // segment 2
            log.sync();
        }
        assertEquals(1, kept.segment());
        assertEquals(2, dropped.segment());
        // the index kept only the first two (the third's location was never recorded)
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of(1, 60_000L))) {
            assertEquals(List.of(dir.resolve("seg-00000001.log"), dir.resolve("seg-00000003.log")), segmentFiles());
            assertArrayEquals(bytes(30_000, 1), log.read(kept));
            assertEquals(3, log.append(bytes(100, 4), 0, 100).segment());
        }
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of(1, 60_000L, 7, 10L))) {
            assertEquals(java.util.Set.of(7), log.missingSegments(), "named by the index, not on disk");
            assertEquals(8, log.append(bytes(100, 5), 0, 100).segment(), "after every number the index names");
        }
    }

    @Test
    void writersSideBySideEachReadBackTheirOwnBytes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (SliverLog log = SliverLog.open(dir, 4L << 20, Map.of())) {
            List<Future<Map<SliverLog.Location, byte[]>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    Map<SliverLog.Location, byte[]> mine = new HashMap<>();
                    for (int i = 0; i < 40; i++) {
                        int length = 1 + r.nextInt(1_500_000); // spans several staging buffers now and then
                        byte[] body = bytes(length + 9, r.nextLong());
                        SliverLog.Location at = log.append(body, 9, length); // a slice of a larger body
                        mine.put(at, java.util.Arrays.copyOfRange(body, 9, 9 + length));
                    }
                    return mine;
                }));
            }
            int checked = 0;
            for (Future<Map<SliverLog.Location, byte[]>> f : futures) {
                for (var e : f.get().entrySet()) {
                    assertArrayEquals(e.getValue(), log.read(e.getKey()), e.getKey().toString());
                    checked++;
                }
            }
            assertEquals(320, checked);
            assertTrue(log.idleStaging() >= 1 && log.idleStaging() <= SliverLog.IDLE_STAGING,
                    "staging buffers kept idle after 8 writers: " + log.idleStaging());
            assertTrue(log.segmentCount() > 10, "the writers rolled segments: " + log.segmentCount());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterruptedThreadFailsAloneAndTheLogGoesOn() throws Exception {
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of())) {
            SliverLog.Location first = log.append(bytes(5000, 1), 0, 5000);
            // an interrupted thread's channel operation closes the shared channel (FileChannel is interruptible)
            Thread.currentThread().interrupt();
            assertThrows(UncheckedIOException.class, () -> log.read(first));
            assertTrue(Thread.interrupted(), "the interrupt stays set for the caller");
            assertArrayEquals(bytes(5000, 1), log.read(first), "the next read reopens the channel");

            Thread.currentThread().interrupt();
            assertThrows(UncheckedIOException.class, () -> log.append(bytes(5000, 2), 0, 5000));
            assertTrue(Thread.interrupted());
            SliverLog.Location next = log.append(bytes(5000, 3), 0, 5000);
            assertArrayEquals(bytes(5000, 3), log.read(next), "the next write reopens the channel");
            log.sync();
        }
    }

    @Test
    void aBatchIsWrittenBackToBackAndSplitWhereASegmentIsFull() throws Exception {
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of())) {
            List<SliverLog.Slice> batch = new ArrayList<>();
            byte[] body = bytes(200_000, 7);
            int[] lengths = {17_000, 1, 20_000, 9_999, 30_000, 40_000, 5};
            int offset = 3;
            for (int length : lengths) {
                batch.add(new SliverLog.Slice(body, offset, length));
                offset += length + 2;
            }
            List<SliverLog.Location> at = log.appendAll(batch);
            assertEquals(lengths.length, at.size());
            // the first four pack into segment 1 (47 000 bytes, one write); the fifth would overflow it and
            // goes alone (the sixth would overflow that run), the last two share segment 3
            assertEquals(List.of(1, 1, 1, 1, 2, 3, 3), at.stream().map(SliverLog.Location::segment).toList());
            assertEquals(17_000, at.get(1).offset(), "packed, not padded per sliver");
            assertEquals(0, at.get(4).offset());
            assertEquals(40_000, at.get(6).offset());
            for (int i = 0; i < lengths.length; i++) {
                SliverLog.Slice slice = batch.get(i);
                assertArrayEquals(java.util.Arrays.copyOfRange(body, slice.offset(), slice.offset() + slice.length()),
                        log.read(at.get(i)), "slice " + i);
            }
            assertEquals(List.of(dir.resolve("seg-00000001.log"), dir.resolve("seg-00000002.log"),
                    dir.resolve("seg-00000003.log")), segmentFiles());
            assertEquals((47_000 + log.block() - 1) / log.block() * log.block(), Files.size(dir.resolve("seg-00000001.log")),
                    "47 000 bytes padded once to the block size");
        }
    }

    @Test
    void packedSliversAtUnalignedOffsetsReadBackAcrossStagingWindows() throws Exception {
        try (SliverLog log = SliverLog.open(dir, 8L << 20, Map.of())) {
            byte[] body = bytes(4_000_000, 11);
            int[] lengths = {3, 1_300_000, 2_500_000, 17, 4097};
            List<SliverLog.Slice> batch = new ArrayList<>();
            int offset = 1;
            for (int length : lengths) {
                batch.add(new SliverLog.Slice(body, offset, length));
                offset += length;
            }
            List<SliverLog.Location> at = log.appendAll(batch);
            for (int i = 0; i < lengths.length; i++) {
                SliverLog.Slice slice = batch.get(i);
                assertEquals(at.get(0).offset() + slice.offset() - 1, at.get(i).offset(), "packed back to back");
                assertArrayEquals(java.util.Arrays.copyOfRange(body, slice.offset(), slice.offset() + slice.length()),
                        log.read(at.get(i)), "slice " + i + " at " + at.get(i));
            }
        }
    }

    @Test
    void throughThePageCacheTheSameBytesComeBackAndASegmentWrittenEitherWayReadsTheOther() throws Exception {
        SliverLog.Location buffered;
        SliverLog.Location packed;
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of(), false)) {
            assertFalse(log.direct());
            buffered = log.append(bytes(30_001, 21), 0, 30_001);
            packed = log.appendAll(List.of(new SliverLog.Slice(bytes(100, 22), 0, 100),
                    new SliverLog.Slice(bytes(9_000, 23), 0, 9_000))).get(1);
            assertArrayEquals(bytes(30_001, 21), log.read(buffered));
            assertArrayEquals(bytes(9_000, 23), log.read(packed));
            log.sync();
        }
        // reopened as the default opens it (O_DIRECT where the file system takes it): the same bytes
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of(1, 39_101L))) {
            assertArrayEquals(bytes(30_001, 21), log.read(buffered));
            assertArrayEquals(bytes(9_000, 23), log.read(packed));
        }
    }

    @Test
    void bytesChangedOnDiskAreNamedNotServed() throws Exception {
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of())) {
            SliverLog.Location a = log.append(bytes(10_000, 31), 0, 10_000);
            SliverLog.Location b = log.append(bytes(10_000, 32), 0, 10_000);
            log.sync();
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve("seg-00000001.log").toFile(), "rw")) {
                f.seek(b.offset() + 5_000);
                int was = f.read();
                f.seek(b.offset() + 5_000);
                f.write(was ^ 0x01); // one bit, as a disk or a lost write would
            }
            assertArrayEquals(bytes(10_000, 31), log.read(a), "the other sliver is intact");
            SliverLog.CorruptSliverException e = assertThrows(SliverLog.CorruptSliverException.class, () -> log.read(b));
            assertTrue(e.getMessage().contains(b.toString()) && e.getMessage().contains("CRC32C"), e.getMessage());
        }
    }

    @Test
    void refusesASliverLargerThanASegmentAndASegmentSizeOffTheBlockSize() {
        try (SliverLog log = SliverLog.open(dir, SEGMENT, Map.of())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> log.append(new byte[70_000], 0, 70_000));
            assertTrue(e.getMessage().contains("70000") && e.getMessage().contains("65536"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SliverLog.open(dir.resolve("odd"), 10_000, Map.of()));
        assertTrue(e.getMessage().contains("10000"), e.getMessage());
    }
}
