package dev.walrusstream.chain;

import dev.walrusstream.chain.bls.Bls;
import dev.walrusstream.chain.bls.BlsSignature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code certify_blob} takes: an aggregate BLS signature, the signers bitmap (LSB first over the
 * committee's members) and the exact message every signer signed.
 */
public record StorageCertificate(byte[] signature, byte[] signersBitmap, byte[] message) {

    public StorageCertificate {
        signature = signature.clone();
        signersBitmap = signersBitmap.clone();
        message = message.clone();
    }

    /** Aggregates per-member signatures (member index → signature, all over {@code message}). */
    public static StorageCertificate aggregate(Committee committee, Map<Integer, BlsSignature> signatures, byte[] message) {
        SortedMap<Integer, BlsSignature> sorted = new TreeMap<>(signatures);
        BlsSignature aggregate = Bls.aggregate(new ArrayList<>(sorted.values()));
        return new StorageCertificate(aggregate.bytes(), committee.bitmap(sorted.keySet()), message);
    }

    /** Member indices whose bits are set. */
    public List<Integer> signerIndices() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < signersBitmap.length * 8; i++) {
            if ((signersBitmap[i / 8] >> (i % 8) & 1) == 1) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageCertificate c && Arrays.equals(c.signature, signature)
                && Arrays.equals(c.signersBitmap, signersBitmap) && Arrays.equals(c.message, message);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature) * 31 + Arrays.hashCode(message);
    }

    @Override
    public String toString() {
        return "StorageCertificate[signers " + signerIndices() + ", message " + message.length + " bytes]";
    }
}
