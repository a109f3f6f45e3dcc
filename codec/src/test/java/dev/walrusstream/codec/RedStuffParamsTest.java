package dev.walrusstream.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedStuffParamsTest {

    @ParameterizedTest
    @CsvSource({"4,1,2,3", "7,2,3,5", "10,3,4,7", "100,33,34,67", "1000,333,334,667"})
    void shapeFollowsTheShardCount(int n, int f, int np, int ns) {
        RedStuffParams p = RedStuffParams.of(n);
        assertEquals(f, p.f());
        assertEquals(np, p.primarySymbols());
        assertEquals(ns, p.secondarySymbols());
    }

    @ParameterizedTest
    @CsvSource({"7,983010", "10,1834952", "100,149286452", "1000,14599533452"})
    void maxBlobSizeMatchesTheSpec(int n, long max) {
        RedStuffParams p = RedStuffParams.of(n);
        assertEquals(max, p.maxBlobSize());
        assertEquals(65534, p.symbolSize(max));
        CodecException.DataTooLarge e = assertThrows(CodecException.DataTooLarge.class, () -> p.symbolSize(max + 1));
        assertTrue(e.getMessage().contains(String.valueOf(max + 1)) && e.getMessage().contains(String.valueOf(max)),
                e.getMessage());
    }

    @Test
    void encodedLengthAtMainnetScale() {
        RedStuffParams p = RedStuffParams.of(1000);
        assertEquals(2, p.symbolSize(445_556));
        assertEquals(66_034_000L, p.encodedLength(0));
        assertEquals(66_034_000L, p.encodedLength(445_556));
        assertEquals(70_038_000L, p.encodedLength(1 << 20));
        assertEquals(536_504_000L, p.encodedLength(100L << 20));
    }

    @Test
    void symbolSizeIsEvenAndAtLeastTwo() {
        RedStuffParams p = RedStuffParams.of(10);
        assertEquals(2, p.symbolSize(0));
        assertEquals(2, p.symbolSize(1));
        assertEquals(36, p.symbolSize(1000));
        for (long size = 0; size < 5000; size += 7) {
            int s = p.symbolSize(size);
            assertEquals(0, s % 2);
            assertTrue((long) s * p.primarySymbols() * p.secondarySymbols() >= size);
        }
    }

    @ParameterizedTest
    @CsvSource({"-1", "0", "3", "2049"})
    void rejectsUnsupportedShardCounts(int n) {
        CodecException.InvalidShardCount e = assertThrows(CodecException.InvalidShardCount.class, () -> RedStuffParams.of(n));
        assertEquals(n, e.nShards());
        assertTrue(e.getMessage().contains("got " + n), e.getMessage());
    }

    @Test
    void bothCodesAreSupportedUpToTheLimit() {
        for (int n = RedStuffParams.MIN_SHARDS; n <= RedStuffParams.MAX_SHARDS; n++) {
            RedStuffParams p = RedStuffParams.of(n);
            assertTrue(dev.walrusstream.codec.rs.ReedSolomonCode.supported(p.primarySymbols(), n - p.primarySymbols()));
            assertTrue(dev.walrusstream.codec.rs.ReedSolomonCode.supported(p.secondarySymbols(), n - p.secondarySymbols()));
        }
    }

    /** The Rust unit tests of pair/shard rotation (docs/protocol/walrus-spec.md §1.6). */
    @Test
    void rotatesPairsOntoShardsByTheBigEndianBlobId() {
        RedStuffParams p = RedStuffParams.of(7);
        BlobId fifteen = idWithU64(15);
        assertEquals(1, p.shardOfPair(fifteen, 0));
        assertEquals(6, p.shardOfPair(fifteen, 5));
        assertEquals(0, p.shardOfPair(fifteen, 6));
        BlobId sixteen = idWithU64(16);
        assertEquals(5, p.pairOfShard(sixteen, 0));
        assertEquals(6, p.pairOfShard(sixteen, 1));
        assertEquals(4, p.pairOfShard(sixteen, 6));
        for (int pair = 0; pair < 7; pair++) {
            assertEquals(pair, p.pairOfShard(sixteen, p.shardOfPair(sixteen, pair)));
        }
    }

    @Test
    void pairsHoldPrimaryPAndSecondaryNMinusOneMinusP() {
        RedStuffParams p = RedStuffParams.of(10);
        assertEquals(9, p.secondaryIndexOfPair(0));
        assertEquals(0, p.secondaryIndexOfPair(9));
        assertEquals(2, p.pairOfSliver(SliverType.SECONDARY, 7));
        assertEquals(7, p.pairOfSliver(SliverType.PRIMARY, 7));
        assertThrows(CodecException.InvalidSliver.class, () -> p.secondaryIndexOfPair(10));
        assertFalse(p.primaryCode().highRate(), "n=10 columns use the low-rate code (4:6)");
        assertTrue(p.secondaryCode().highRate(), "n=10 rows use the high-rate code (7:3)");
    }

    private static BlobId idWithU64(long value) {
        byte[] b = new byte[32];
        for (int i = 0; i < 8; i++) {
            b[31 - i] = (byte) (value >>> (8 * i));
        }
        return BlobId.of(b);
    }
}
