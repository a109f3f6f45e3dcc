package dev.walrusstream.sui.tx;

import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;

import java.math.BigInteger;

/**
 * Encoders for pure inputs: each returns a {@link CallArg.Pure} holding the value's BCS. In the
 * transaction the pure input is wrapped once more as a {@code vector<u8>}, so a u64 is
 * {@code 00 08 <8 bytes>} and a {@code vector<u8>} carries two length prefixes.
 */
public final class Pure {
    private static final BigInteger U128_LIMIT = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger U256_LIMIT = BigInteger.ONE.shiftLeft(256);

    private Pure() {
    }

    public static CallArg.Pure bool(boolean value) {
        return new CallArg.Pure(new byte[] {(byte) (value ? 1 : 0)});
    }

    public static CallArg.Pure u8(int value) {
        range(value, 0xFF, "u8");
        return new CallArg.Pure(new byte[] {(byte) value});
    }

    public static CallArg.Pure u16(int value) {
        range(value, 0xFFFF, "u16");
        return new CallArg.Pure(new BcsWriter(2).u16(value).toByteArray());
    }

    public static CallArg.Pure u32(long value) {
        range(value, 0xFFFF_FFFFL, "u32");
        return new CallArg.Pure(new BcsWriter(4).u32(value).toByteArray());
    }

    /** A u64; the long is read as unsigned (so -1 is 2^64 - 1). */
    public static CallArg.Pure u64(long value) {
        return new CallArg.Pure(new BcsWriter(8).u64(value).toByteArray());
    }

    public static CallArg.Pure u128(BigInteger value) {
        return new CallArg.Pure(littleEndian(value, 16, U128_LIMIT, "u128"));
    }

    public static CallArg.Pure u256(BigInteger value) {
        return new CallArg.Pure(littleEndian(value, 32, U256_LIMIT, "u256"));
    }

    /**
     * A u256 given by its 32-byte little-endian BCS form. Walrus blob IDs and root hashes are
     * passed this way: the pure bytes are exactly the 32 raw bytes.
     */
    public static CallArg.Pure u256LittleEndian(byte[] bytes32) {
        if (bytes32.length != 32) {
            throw new IllegalArgumentException("u256 needs 32 bytes, got " + bytes32.length);
        }
        return new CallArg.Pure(bytes32);
    }

    public static CallArg.Pure address(SuiAddress address) {
        return new CallArg.Pure(address.bytes());
    }

    public static CallArg.Pure id(ObjectId id) {
        return new CallArg.Pure(id.bytes());
    }

    /** {@code vector<u8>}: ULEB128 length then the bytes. */
    public static CallArg.Pure bytes(byte[] value) {
        return new CallArg.Pure(new BcsWriter(value.length + 5).bytes(value).toByteArray());
    }

    /** A Move {@code String} (UTF-8 {@code vector<u8>}). */
    public static CallArg.Pure string(String value) {
        return new CallArg.Pure(new BcsWriter().string(value).toByteArray());
    }

    private static void range(long value, long max, String type) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(type + " value " + value + " is outside 0.." + max);
        }
    }

    private static byte[] littleEndian(BigInteger value, int width, BigInteger limit, String type) {
        if (value.signum() < 0 || value.compareTo(limit) >= 0) {
            throw new IllegalArgumentException(type + " value " + value + " is outside its range");
        }
        byte[] big = value.toByteArray();
        byte[] out = new byte[width];
        for (int i = 0; i < width && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
