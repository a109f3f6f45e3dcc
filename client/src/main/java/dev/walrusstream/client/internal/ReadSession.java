package dev.walrusstream.client.internal;

import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.ConsistencyCheck;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads one blob from the committee: metadata from any node that has metadata verifying against
 * the blob ID, then primary slivers (systematic ones first) from the nodes holding their shards,
 * each verified against the metadata, until n − 2f are in; then decodes with the default
 * consistency check. A node that is unreachable or sends a sliver that does not verify is skipped
 * for the rest of the read; the problems are reported with the result.
 */
public final class ReadSession {
    /** Bytes, the metadata used, the number of slivers decoded from and what went wrong with which node. */
    public record Result(byte[] data, BlobMetadata metadata, int sliversUsed, Map<String, String> nodeProblems) {
    }

    private final Transport transport;
    private final ExecutorService requestPool;
    private final RedStuff codec;
    private final int concurrency;

    public ReadSession(Transport transport, ExecutorService requestPool, RedStuff codec, int concurrency) {
        this.transport = transport;
        this.requestPool = requestPool;
        this.codec = codec;
        this.concurrency = concurrency;
    }

    public Result read(BlobId id, Committee committee) throws ReadException, InterruptedException {
        Map<String, String> problems = new ConcurrentHashMap<>();
        BlobMetadata metadata = metadata(id, committee, problems);
        RedStuffParams params = metadata.params();
        int needed = params.primarySymbols();
        // systematic slivers first: decoding them back needs no repair work
        Deque<Integer> order = new ArrayDeque<>();
        for (int p = 0; p < params.nShards(); p++) {
            order.add(p);
        }
        Map<Integer, Boolean> badNodes = new ConcurrentHashMap<>();
        ExecutorCompletionService<Sliver> done = new ExecutorCompletionService<>(requestPool);
        List<Future<Sliver>> inFlight = new ArrayList<>();
        Map<Integer, Sliver> verified = new LinkedHashMap<>();
        int running = 0;
        try {
            while (verified.size() < needed) {
                while (running < Math.max(concurrency, 1) && running + verified.size() < needed + 4 && !order.isEmpty()) {
                    int pair = order.poll();
                    int member = committee.memberOfShard(params.shardOfPair(id, pair));
                    if (badNodes.containsKey(member)) {
                        continue;
                    }
                    inFlight.add(done.submit(() -> fetch(id, metadata, committee, member, pair, badNodes, problems)));
                    running++;
                }
                if (running == 0) {
                    break;
                }
                Future<Sliver> f = done.take();
                running--;
                try {
                    Sliver s = f.get();
                    if (s != null) {
                        verified.put(s.index(), s);
                    }
                } catch (ExecutionException e) {
                    problems.put("client", String.valueOf(e.getCause()));
                }
            }
        } finally {
            inFlight.forEach(f -> f.cancel(true));
        }
        if (verified.size() < needed) {
            throw new ReadException(id, ReadException.Reason.NOT_ENOUGH_SLIVERS, "only " + verified.size() + " of the "
                    + needed + " primary slivers needed for " + id + " could be fetched and verified; " + describe(problems));
        }
        List<Sliver> use = new ArrayList<>(verified.values()).subList(0, needed);
        try {
            byte[] data = codec.decode(metadata, use, ConsistencyCheck.DEFAULT);
            return new Result(data, metadata, use.size(), Map.copyOf(problems));
        } catch (CodecException e) {
            throw new ReadException(id, ReadException.Reason.INCONSISTENT, "blob " + id + " does not decode consistently: "
                    + e.getMessage());
        }
    }

    /**
     * Fetches and verifies secondary slivers (columns of the message matrix) from the nodes holding
     * them: what reading one quilt patch needs. Returns the verified slivers by index; those that
     * could not be had are missing from the map and their problems recorded.
     */
    public Map<Integer, Sliver> secondarySlivers(BlobId id, Committee committee, List<Integer> indices,
                                                 Map<String, String> problems) throws ReadException, InterruptedException {
        return secondarySlivers(id, metadata(id, committee, problems), committee, indices, problems);
    }

    /** As {@link #secondarySlivers(BlobId, Committee, List, Map)} with metadata already verified. */
    public Map<Integer, Sliver> secondarySlivers(BlobId id, BlobMetadata metadata, Committee committee, List<Integer> indices,
                                                 Map<String, String> problems) throws InterruptedException {
        RedStuffParams params = metadata.params();
        Map<Integer, Sliver> out = new LinkedHashMap<>();
        for (int index : indices) {
            params.checkIndex(index, "secondary sliver index");
            int pair = params.pairOfSliver(SliverType.SECONDARY, index);
            NodeApi api = new NodeApi(committee.member(committee.memberOfShard(params.shardOfPair(id, pair))), transport);
            try {
                Sliver s = Sliver.fromBcs(SliverType.SECONDARY, api.getSliver(id, pair, SliverType.SECONDARY));
                if (s.index() != index) {
                    throw new CodecException.InvalidSliver("asked for secondary sliver " + index + ", got " + s.index());
                }
                codec.verify(metadata, s);
                out.put(index, s);
            } catch (NodeApiException e) {
                problems.merge(api.label(), e.getMessage(), (a, b) -> a);
            } catch (RuntimeException e) {
                problems.put(api.label(), "served secondary sliver " + index + " that does not verify: " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Fetches and verifies the given primary slivers (rows of the message matrix; below n_p they are
     * systematic, so they hold the blob's bytes as they are) in parallel. Returns the verified ones by
     * index; those that could not be had are missing and their problems recorded.
     */
    public Map<Integer, Sliver> primarySlivers(BlobId id, BlobMetadata metadata, Committee committee, List<Integer> indices,
                                               Map<String, String> problems) throws InterruptedException {
        RedStuffParams params = metadata.params();
        Map<Integer, Boolean> badNodes = new ConcurrentHashMap<>();
        List<Future<Sliver>> futures = new ArrayList<>();
        for (int index : indices) {
            params.checkIndex(index, "primary sliver index");
            int member = committee.memberOfShard(params.shardOfPair(id, index));
            futures.add(requestPool.submit(() -> fetch(id, metadata, committee, member, index, badNodes, problems)));
        }
        Map<Integer, Sliver> out = new LinkedHashMap<>();
        try {
            for (Future<Sliver> f : futures) {
                try {
                    Sliver s = f.get();
                    if (s != null) {
                        out.put(s.index(), s);
                    }
                } catch (ExecutionException e) {
                    problems.put("client", String.valueOf(e.getCause()));
                }
            }
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        return out;
    }

    /** Metadata of the blob from any node, verified against the blob ID and the committee's shard count. */
    public BlobMetadata verifiedMetadata(BlobId id, Committee committee, Map<String, String> problems)
            throws ReadException, InterruptedException {
        return metadata(id, committee, problems);
    }

    private Sliver fetch(BlobId id, BlobMetadata metadata, Committee committee, int member, int pair,
                         Map<Integer, Boolean> badNodes, Map<String, String> problems) throws InterruptedException {
        if (badNodes.containsKey(member)) {
            return null;
        }
        NodeApi api = new NodeApi(committee.member(member), transport);
        try {
            Sliver s = Sliver.fromBcs(SliverType.PRIMARY, api.getSliver(id, pair, SliverType.PRIMARY));
            if (s.index() != pair) {
                throw new CodecException.InvalidSliver("asked for primary sliver " + pair + ", got " + s.index());
            }
            codec.verify(metadata, s);
            return s;
        } catch (NodeApiException e) {
            if (e.isTransient()) {
                badNodes.put(member, true);
            }
            problems.merge(api.label(), e.getMessage(), (a, b) -> a);
            return null;
        } catch (RuntimeException e) {
            badNodes.put(member, true);
            problems.put(api.label(), "served primary sliver " + pair + " that does not verify: " + e.getMessage());
            return null;
        }
    }

    private BlobMetadata metadata(BlobId id, Committee committee, Map<String, String> problems)
            throws ReadException, InterruptedException {
        List<StorageNodeInfo> order = new ArrayList<>(committee.members());
        Collections.shuffle(order);
        for (StorageNodeInfo node : order) {
            NodeApi api = new NodeApi(node, transport);
            try {
                BlobMetadata.WithId m = BlobMetadata.fromBcsWithId(api.getMetadata(id));
                if (!m.blobId().equals(id)) {
                    throw new CodecException.MetadataMismatch("metadata is labelled " + m.blobId());
                }
                m.metadata().verify(id);
                if (m.metadata().nShards() != committee.nShards()) {
                    throw new CodecException.MetadataMismatch("metadata lists " + m.metadata().nShards()
                            + " pairs, the committee has " + committee.nShards() + " shards");
                }
                return m.metadata();
            } catch (NodeApiException e) {
                problems.put(api.label(), e.getMessage());
            } catch (RuntimeException e) {
                problems.put(api.label(), "sent metadata that does not verify against " + id + ": " + e.getMessage());
            }
        }
        throw new ReadException(id, ReadException.Reason.NO_METADATA, "no node returned metadata verifying against "
                + id + "; " + describe(problems));
    }

    static String describe(Map<String, String> problems) {
        if (problems.isEmpty()) {
            return "no node reported a problem";
        }
        StringBuilder sb = new StringBuilder("problems: ");
        problems.forEach((k, v) -> sb.append(k).append(": ").append(v).append("; "));
        return sb.substring(0, sb.length() - 2);
    }
}
