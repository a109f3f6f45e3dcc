package dev.walrusstream.devnet.ledger;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.ConfirmationMessage;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.bls.Bls;
import dev.walrusstream.chain.bls.BlsException;
import dev.walrusstream.chain.bls.BlsPublicKey;
import dev.walrusstream.chain.bls.BlsSignature;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.HexFormat;
import java.util.List;

import static dev.walrusstream.chain.ChainException.violation;

/**
 * {@code certify_blob}'s checks in the contract's order: bitmap shape, quorum weight, aggregate
 * signature, message header (version, app, epoch), message type, then the blob's own rules.
 */
final class CertificateVerifier {
    private CertificateVerifier() {
    }

    /** Checks bitmap, weight and signature; returns the signers' weight. */
    public static int verifyQuorum(Committee committee, StorageCertificate cert) {
        byte[] bitmap = cert.signersBitmap();
        int members = committee.size();
        int maxBytes = (members + 7) / 8;
        if (bitmap.length > maxBytes) {
            throw violation(Rule.INVALID_BITMAP, "signers bitmap has " + bitmap.length + " bytes, at most "
                    + maxBytes + " for " + members + " members", "bitmapBytes", bitmap.length, "maxBytes", maxBytes);
        }
        List<Integer> signers = new ArrayList<>();
        for (int i = 0; i < bitmap.length * 8; i++) {
            if ((bitmap[i / 8] >> (i % 8) & 1) == 1) {
                if (i >= members) {
                    throw violation(Rule.INVALID_BITMAP, "signers bitmap sets bit " + i + " but the committee has "
                            + members + " members", "bit", i, "members", members);
                }
                signers.add(i);
            }
        }
        int weight = committee.weightOf(signers);
        if (!committee.isQuorum(weight)) {
            throw violation(Rule.NOT_ENOUGH_WEIGHT, "signers hold " + weight + " of " + committee.nShards()
                    + " shards; a certificate needs " + committee.quorumWeight() + " (3w >= 2n+1)",
                    "weight", weight, "required", committee.quorumWeight(), "nShards", committee.nShards(),
                    "signers", signers);
        }
        BlsSignature signature;
        try {
            signature = BlsSignature.fromBytes(cert.signature());
        } catch (BlsException e) {
            throw violation(Rule.SIGNATURE_INVALID, "aggregate signature is malformed: " + e.getMessage(),
                    "signature", HexFormat.of().formatHex(cert.signature()));
        }
        List<BlsPublicKey> keys = new ArrayList<>();
        signers.forEach(i -> keys.add(committee.member(i).publicKey()));
        if (!verifiedBefore(keys, cert, signature)) {
            throw violation(Rule.SIGNATURE_INVALID, "aggregate signature of members " + signers
                    + " does not verify over the " + cert.message().length + "-byte message",
                    "signers", signers, "message", HexFormat.of().formatHex(cert.message()));
        }
        return weight;
    }

    /** Aggregate checks that passed recently: a dry run and the transaction after it check the same certificate. */
    private static final Map<String, Boolean> VERIFIED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 256;
                }
            });

    /** {@link Bls#verifyAggregate}, remembering successes (verification is a pure function of its inputs). */
    private static boolean verifiedBefore(List<BlsPublicKey> keys, StorageCertificate cert, BlsSignature signature) {
        StringBuilder key = new StringBuilder(signature.base64()).append('|')
                .append(Base64.getEncoder().encodeToString(cert.message()));
        keys.forEach(k -> key.append('|').append(k.base64()));
        String k = key.toString();
        if (VERIFIED.containsKey(k)) {
            return true;
        }
        boolean ok = Bls.verifyAggregate(keys, cert.message(), signature);
        if (ok) {
            VERIFIED.put(k, Boolean.TRUE);
        }
        return ok;
    }

    /** The full {@code certify_blob} check of a certificate for {@code blob} at {@code currentEpoch}. */
    public static ConfirmationMessage verifyCertification(Committee committee, int currentEpoch, BlobObject blob,
                                                          StorageCertificate cert) {
        verifyQuorum(committee, cert);
        byte[] m = cert.message();
        if (m.length < 7) {
            throw violation(Rule.INVALID_MESSAGE, "certified message has " + m.length + " bytes, too short for its header",
                    "message", HexFormat.of().formatHex(m));
        }
        if (m[1] != ConfirmationMessage.INTENT_VERSION) {
            throw violation(Rule.INVALID_MESSAGE, "certified message has intent version " + (m[1] & 0xFF) + ", expected 0",
                    "intentVersion", m[1] & 0xFF);
        }
        if (m[2] != ConfirmationMessage.APP_ID_STORAGE) {
            throw violation(Rule.INVALID_MESSAGE, "certified message has app ID " + (m[2] & 0xFF) + ", expected 3",
                    "appId", m[2] & 0xFF);
        }
        long epoch = (m[3] & 0xFFL) | (m[4] & 0xFFL) << 8 | (m[5] & 0xFFL) << 16 | (m[6] & 0xFFL) << 24;
        if (epoch != committee.epoch() || epoch != currentEpoch) {
            throw violation(Rule.EPOCH_MISMATCH, "certificate is for epoch " + epoch + ", the current epoch is "
                    + currentEpoch, "certificateEpoch", epoch, "currentEpoch", currentEpoch);
        }
        ConfirmationMessage message;
        try {
            message = ConfirmationMessage.parse(m);
        } catch (IllegalArgumentException e) {
            throw violation(Rule.INVALID_MESSAGE, e.getMessage(), "message", HexFormat.of().formatHex(m));
        }
        if (!message.blobId().equals(blob.blobId())) {
            throw violation(Rule.BLOB_ID_MISMATCH, "certificate is for blob " + message.blobId() + ", the object "
                    + blob.id() + " holds blob " + blob.blobId(), "certified", message.blobId(), "blob", blob.blobId());
        }
        if (blob.isCertified()) {
            throw violation(Rule.ALREADY_CERTIFIED, "blob object " + blob.id() + " was certified in epoch "
                    + blob.certifiedEpoch(), "objectId", blob.id(), "certifiedEpoch", blob.certifiedEpoch());
        }
        if (currentEpoch >= blob.endEpoch()) {
            throw violation(Rule.RESOURCE_BOUNDS, "blob object " + blob.id() + " expired at epoch " + blob.endEpoch()
                    + " (current " + currentEpoch + ")", "endEpoch", blob.endEpoch(), "currentEpoch", currentEpoch);
        }
        boolean certDeletable = message.persistence() instanceof PersistenceType.Deletable;
        if (certDeletable != blob.deletable()) {
            throw violation(Rule.PERSISTENCE_TYPE_MISMATCH, "certificate confirms a " + message.persistence()
                    + " blob, the object is " + (blob.deletable() ? "deletable" : "permanent"),
                    "certified", message.persistence(), "blobDeletable", blob.deletable());
        }
        if (message.persistence() instanceof PersistenceType.Deletable d && !d.objectId().equals(blob.id())) {
            throw violation(Rule.OBJECT_ID_MISMATCH, "certificate confirms deletable object " + d.objectId()
                    + ", not " + blob.id(), "certified", d.objectId(), "objectId", blob.id());
        }
        return message;
    }

}
