package dev.walrusstream.client.internal;

import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.ConfirmationMessage;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.Bls;
import dev.walrusstream.chain.bls.BlsException;
import dev.walrusstream.chain.bls.BlsPublicKey;
import dev.walrusstream.chain.bls.BlsSignature;
import dev.walrusstream.client.ClientOptions;
import dev.walrusstream.client.Phase;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuffParams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Uploads one encoded blob to every committee member in parallel (metadata, then its slivers with
 * bounded per-node concurrency), fetches each member's confirmation, checks the message bytes and
 * the BLS signature under the member's key, and aggregates once the signers hold a quorum of
 * shards (3w ≥ 2n + 1). Members that have not finished get a little extra time, then the
 * certificate is built from everyone who confirmed.
 */
public final class WriteSession {
    private static final System.Logger LOG = System.getLogger(WriteSession.class.getName());

    /** What collecting confirmations produced. */
    public sealed interface Outcome {
    }

    public record Certified(StorageCertificate certificate, List<String> confirmedBy, List<String> failed) implements Outcome {
    }

    public record NoQuorum(Phase phase, String message) implements Outcome {
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Transport transport;
    private final ExecutorService nodePool;
    private final ExecutorService requestPool;
    private final ClientOptions options;

    public WriteSession(Transport transport, ExecutorService nodePool, ExecutorService requestPool) {
        this.transport = transport;
        this.nodePool = nodePool;
        this.requestPool = requestPool;
        this.options = transport.options();
    }

    private record NodeResult(int member, BlsSignature signature, Phase failedPhase, String error) {
    }

    public Outcome run(EncodedBlob blob, Committee committee, PersistenceType persistence) throws InterruptedException {
        return run(blob.blobId(), blob, committee, persistence);
    }

    /**
     * Collects confirmations for a blob whose slivers the nodes already hold (after an epoch change,
     * a certificate must be signed again): no uploads, only confirmation requests.
     */
    public Outcome confirmOnly(BlobId id, Committee committee, PersistenceType persistence) throws InterruptedException {
        return run(id, null, committee, persistence);
    }

    private Outcome run(BlobId id, EncodedBlob blob, Committee committee, PersistenceType persistence)
            throws InterruptedException {
        byte[] expected = new ConfirmationMessage(committee.epoch(), id, persistence).toBcs();
        Object lock = new Object();
        List<NodeResult> arrived = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < committee.size(); i++) {
            int member = i;
            // a node still uploading after the quorum keeps reading the slivers: its own hold on them, let go
            // once its uploads ended (before its confirmation), or here if the task never ran
            SliverHold hold = SliverHold.take(blob);
            CompletableFuture<NodeResult> task;
            try {
                task = CompletableFuture.supplyAsync(() -> storeOnNode(id, blob, hold, committee, member, persistence,
                        expected), nodePool);
            } catch (RuntimeException e) {
                task = CompletableFuture.failedFuture(e);
            }
            task.whenComplete((r, e) -> {
                try {
                    hold.release(false); // after a task that never ran; storeOnNode already let go otherwise
                } finally {
                    synchronized (lock) {
                        arrived.add(r != null ? r : new NodeResult(member, null, Phase.UPLOAD, String.valueOf(e)));
                        lock.notifyAll();
                    }
                }
            });
        }
        Map<Integer, BlsSignature> verified = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        int processed = 0;
        int uploadFailures = 0;
        boolean extraGiven = false;
        while (true) {
            List<NodeResult> fresh;
            boolean allDone;
            synchronized (lock) {
                while (true) {
                    int candidate = committee.weightOf(verified.keySet());
                    for (NodeResult r : arrived.subList(processed, arrived.size())) {
                        candidate += r.signature() != null ? committee.member(r.member()).weight() : 0;
                    }
                    allDone = arrived.size() == committee.size();
                    if (allDone || committee.isQuorum(candidate)) {
                        break;
                    }
                    lock.wait();
                }
                if (!allDone && !extraGiven) {
                    // a quorum may have confirmed: give the others a little more time, then certify
                    extraGiven = true;
                    long elapsed = System.nanoTime() - started;
                    long deadline = System.nanoTime() + Math.min(options.maxExtraUploadTime().toNanos(),
                            elapsed / 2 + 500_000_000L);
                    while (arrived.size() < committee.size()) {
                        long left = (deadline - System.nanoTime()) / 1_000_000;
                        if (left <= 0) {
                            break;
                        }
                        lock.wait(left);
                    }
                }
                fresh = new ArrayList<>(arrived.subList(processed, arrived.size()));
                processed = arrived.size();
                allDone = arrived.size() == committee.size();
            }
            List<NodeResult> signed = new ArrayList<>();
            for (NodeResult r : fresh) {
                if (r.signature() != null) {
                    signed.add(r);
                } else {
                    failed.add(label(committee.member(r.member())) + ": " + r.error());
                    uploadFailures += r.failedPhase() == Phase.UPLOAD ? 1 : 0;
                }
            }
            verifySignatures(committee, expected, signed, verified, failed);
            int weight = committee.weightOf(verified.keySet());
            if (committee.isQuorum(weight)) {
                List<String> ok = new ArrayList<>();
                verified.keySet().forEach(i -> ok.add(label(committee.member(i))));
                return new Certified(StorageCertificate.aggregate(committee, verified, expected), ok, failed);
            }
            if (allDone) {
                Phase phase = uploadFailures * 2 >= failed.size() ? Phase.UPLOAD : Phase.CONFIRM;
                return new NoQuorum(phase, "confirmations from nodes holding " + weight + " of " + committee.nShards()
                        + " shards, a certificate needs " + committee.quorumWeight() + "; failed nodes: "
                        + String.join("; ", failed));
            }
        }
    }

    /**
     * Checks the BLS signatures of {@code signed} under the members' keys: all at once (randomised
     * batch), and one by one only when the batch fails, to find the invalid ones.
     */
    private static void verifySignatures(Committee committee, byte[] message, List<NodeResult> signed,
                                         Map<Integer, BlsSignature> verified, List<String> failed) {
        if (signed.isEmpty()) {
            return;
        }
        List<BlsPublicKey> keys = new ArrayList<>();
        List<BlsSignature> sigs = new ArrayList<>();
        for (NodeResult r : signed) {
            keys.add(committee.member(r.member()).publicKey());
            sigs.add(r.signature());
        }
        if (Bls.verifyBatch(keys, message, sigs, RANDOM)) {
            signed.forEach(r -> verified.put(r.member(), r.signature()));
            return;
        }
        for (NodeResult r : signed) {
            StorageNodeInfo info = committee.member(r.member());
            if (Bls.verify(info.publicKey(), message, r.signature())) {
                verified.put(r.member(), r.signature());
            } else {
                failed.add(label(info) + ": confirmation signature does not verify under the node's public key "
                        + info.publicKey().hex());
            }
        }
    }

    static String label(StorageNodeInfo n) {
        return n.name().isEmpty() ? n.networkAddress() : n.name();
    }

    private NodeResult storeOnNode(BlobId id, EncodedBlob blob, SliverHold hold, Committee committee, int member,
                                   PersistenceType persistence, byte[] expected) {
        StorageNodeInfo info = committee.member(member);
        NodeApi api = new NodeApi(info, transport);
        if (blob != null) {
            NodeResult failed = null;
            try {
                failed = uploadTo(api, info, blob, member);
            } finally {
                hold.release(failed != null);
            }
            if (failed != null) {
                return failed;
            }
        }
        return confirm(api, info, id, member, persistence, expected);
    }

    /** Metadata and this node's slivers; null when all arrived, else the failure. */
    private NodeResult uploadTo(NodeApi api, StorageNodeInfo info, EncodedBlob blob, int member) {
        BlobId id = blob.blobId();
        RedStuffParams params = blob.params();
        try {
            boolean[] pending = {false};
            upload(() -> api.putMetadata(id, blob.metadata().toBcs(), pending[0]), pending);
            List<Future<?>> puts = new ArrayList<>();
            Semaphore perNode = new Semaphore(options.perNodeConcurrency());
            List<String> errors = new ArrayList<>();
            List<SliverBatch.Entry> slivers = new ArrayList<>();
            for (int shard : info.shards()) {
                int pair = params.pairOfShard(id, shard);
                slivers.add(new SliverBatch.Entry(pair, blob.pairPrimary(pair)));
                slivers.add(new SliverBatch.Entry(pair, blob.pairSecondary(pair)));
            }
            // a few MiB per request, several requests per node in flight; one PUT per sliver to nodes without batches
            long batchBytes = transport.sliverBatchesRefused(info.networkAddress()) ? 1 : BATCH_BYTES;
            try {
                for (SliverBatch batch : SliverBatch.split(slivers, batchBytes)) {
                    perNode.acquire();
                    puts.add(requestPool.submit(() -> {
                        try {
                            putBatch(api, info, id, batch, pending[0], errors);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            perNode.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : puts) {
                    f.get();
                }
            } finally {
                // nothing of this node's slivers is read once this returns: wait out the puts an error left running
                for (Future<?> f : puts) {
                    awaitQuietly(f);
                }
            }
            if (!errors.isEmpty()) {
                return new NodeResult(member, null, Phase.UPLOAD, errors.size() + " sliver uploads failed, first: " + errors.get(0));
            }
        } catch (NodeApiException e) {
            return new NodeResult(member, null, Phase.UPLOAD, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NodeResult(member, null, Phase.UPLOAD, "interrupted");
        } catch (ExecutionException e) {
            return new NodeResult(member, null, Phase.UPLOAD, String.valueOf(e.getCause()));
        }
        return null;
    }

    private static void awaitQuietly(Future<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sliver bytes per batch request: enough to amortise a request, small enough to keep several in flight. */
    static final long BATCH_BYTES = 1L << 20;

    /**
     * One batch to one node; to a node that has no batch endpoint (404/405: a Walrus node), or when the
     * node refuses the batch (say one sliver is invalid), its slivers one PUT each, as Walrus defines it.
     */
    private void putBatch(NodeApi api, StorageNodeInfo info, BlobId id, SliverBatch batch, boolean pendingNow,
                          List<String> errors) throws InterruptedException {
        if (batch.entries().size() > 1 && !transport.sliverBatchesRefused(info.networkAddress())) {
            try {
                BodySegments body = batch.body();
                boolean[] p = {pendingNow};
                upload(() -> api.putSlivers(id, body, p[0]), p);
                return;
            } catch (NodeApiException e) {
                if (e.httpStatus() == 404 || e.httpStatus() == 405) {
                    transport.refuseSliverBatches(info.networkAddress());
                } else if (e.isTransient()) {
                    synchronized (errors) {
                        errors.add(e.getMessage());
                    }
                    return;
                }
                // otherwise one by one: the node names each sliver it refuses and keeps the good ones
            }
        }
        for (SliverBatch.Entry entry : batch.entries()) {
            try {
                byte[] body = entry.sliver().toBcs();
                boolean[] p = {pendingNow};
                upload(() -> api.putSliver(id, entry.pairIndex(), entry.sliver().type(), body, p[0]), p);
            } catch (NodeApiException e) {
                synchronized (errors) {
                    errors.add(e.getMessage());
                }
            }
        }
    }

    private NodeResult confirm(NodeApi api, StorageNodeInfo info, BlobId id, int member, PersistenceType persistence,
                               byte[] expected) {
        try {
            byte[][] c = api.confirmation(id, persistence, options.confirmationWait());
            if (!Arrays.equals(c[0], expected)) {
                return new NodeResult(member, null, Phase.CONFIRM, "confirmation message " + HexFormat.of().formatHex(c[0])
                        + " differs from the expected " + HexFormat.of().formatHex(expected));
            }
            return new NodeResult(member, BlsSignature.fromBytes(c[1]), null, null);
        } catch (NodeApiException e) {
            return new NodeResult(member, null, Phase.CONFIRM, e.getMessage());
        } catch (BlsException e) {
            return new NodeResult(member, null, Phase.CONFIRM, "malformed confirmation signature: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NodeResult(member, null, Phase.CONFIRM, "interrupted");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "confirmation from " + label(info) + " failed", e);
            return new NodeResult(member, null, Phase.CONFIRM, e.toString());
        }
    }

    private interface Put {
        void run() throws NodeApiException, InterruptedException;
    }

    /**
     * Runs a PUT; when the node has not yet seen the registration, switches to {@code ?pending=true}
     * so it buffers the upload until it does.
     */
    private static void upload(Put put, boolean[] pending) throws NodeApiException, InterruptedException {
        try {
            put.run();
        } catch (NodeApiException e) {
            if (!pending[0] && "NOT_REGISTERED".equals(e.reason())) {
                pending[0] = true;
                put.run();
            } else {
                throw e;
            }
        }
    }

}
