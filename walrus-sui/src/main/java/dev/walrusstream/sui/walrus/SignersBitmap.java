package dev.walrusstream.sui.walrus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Which committee members signed a certificate: member i (index into
 * {@code BlsCommittee.members}, nodes sorted by node ID) is bit {@code i % 8} of byte
 * {@code i / 8}, least significant bit first; ceil(members / 8) bytes.
 */
public final class SignersBitmap {
    private final byte[] bytes;
    private final int committeeSize;

    private SignersBitmap(byte[] bytes, int committeeSize) {
        this.bytes = bytes;
        this.committeeSize = committeeSize;
    }

    public static SignersBitmap of(Collection<Integer> memberIndices, int committeeSize) {
        if (committeeSize <= 0) {
            throw new IllegalArgumentException("committee size must be positive, got " + committeeSize);
        }
        byte[] bytes = new byte[(committeeSize + 7) / 8];
        for (int i : memberIndices) {
            if (i < 0 || i >= committeeSize) {
                throw new IllegalArgumentException("signer index " + i + " is outside the committee of "
                        + committeeSize + " members");
            }
            bytes[i / 8] |= (byte) (1 << (i % 8));
        }
        return new SignersBitmap(bytes, committeeSize);
    }

    /** Reads a bitmap as the contract does; bits beyond the committee must be zero. */
    public static SignersBitmap fromBytes(byte[] bitmap, int committeeSize) {
        if (bitmap.length > (committeeSize + 7) / 8) {
            throw new IllegalArgumentException("signers bitmap of " + bitmap.length + " bytes is longer than the "
                    + ((committeeSize + 7) / 8) + " bytes a committee of " + committeeSize + " needs");
        }
        for (int bit = committeeSize; bit < bitmap.length * 8; bit++) {
            if ((bitmap[bit / 8] >> (bit % 8) & 1) != 0) {
                throw new IllegalArgumentException("signers bitmap sets bit " + bit + " beyond the committee of "
                        + committeeSize + " members");
            }
        }
        return new SignersBitmap(Arrays.copyOf(bitmap, (committeeSize + 7) / 8), committeeSize);
    }

    public List<Integer> signers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < committeeSize; i++) {
            if ((bytes[i / 8] >> (i % 8) & 1) != 0) {
                out.add(i);
            }
        }
        return out;
    }

    public int committeeSize() {
        return committeeSize;
    }

    public byte[] bytes() {
        return bytes.clone();
    }
}
