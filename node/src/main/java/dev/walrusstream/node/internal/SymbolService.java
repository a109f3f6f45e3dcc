package dev.walrusstream.node.internal;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RecoverySymbol;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serves recovery symbols ({@code GET /v1/blobs/{id}/recoverySymbols}) as Walrus does: by symbol IDs
 * {@code "<primary>-<secondary>"} (optionally forcing the proof axis), or every symbol this node's
 * shards can give towards one target sliver. Each source sliver is expanded once per request.
 */
public final class SymbolService {
    private final NodeContext ctx;
    private final Semaphore permits;

    public SymbolService(NodeContext ctx) {
        this.ctx = ctx;
        this.permits = new Semaphore(ctx.limits.maxConcurrentSymbolRequests());
    }

    /** One requested symbol: row (primary index) and column (secondary index). */
    public record SymbolId(int primary, int secondary) {
        public static SymbolId parse(String text) {
            int dash = text.indexOf('-');
            try {
                if (dash <= 0) {
                    throw new NumberFormatException();
                }
                return new SymbolId(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
            } catch (NumberFormatException e) {
                throw NodeError.invalidArgument("INVALID_FILTER", "the filter is invalid: symbol ID '" + text
                        + "' is not '<primary index>-<secondary index>'", "id", text);
            }
        }
    }

    /**
     * @param ids          requested symbol IDs (may be empty when {@code targetType} is given)
     * @param proofAxis    axis the proofs must come from (null: either, secondary targets first)
     * @param targetSliver target sliver index for the "recovers" form, or null
     * @param targetType   target type for the "recovers" form, or null
     */
    public List<RecoverySymbol> symbols(BlobId blobId, List<SymbolId> ids, SliverType proofAxis, Integer targetSliver,
                                        SliverType targetType) throws InterruptedException {
        ShardView view = ctx.view();
        RedStuffParams params = view.params();
        int n = params.nShards();
        List<SymbolId> wanted = new ArrayList<>(ids);
        SliverType axis = proofAxis;
        if (targetType != null) {
            if (targetSliver == null || targetSliver < 0 || targetSliver >= n) {
                throw NodeError.invalidArgument("INDEX_OUT_OF_RANGE", "requires 0 <= targetSliver (" + targetSliver
                        + ") < " + n, "index", String.valueOf(targetSliver), "max", n);
            }
            axis = targetType.orthogonal();
            for (int pair : view.ownedPairs(blobId)) {
                wanted.add(targetType == SliverType.PRIMARY
                        ? new SymbolId(targetSliver, params.secondaryIndexOfPair(pair))
                        : new SymbolId(pair, targetSliver));
            }
        } else if (wanted.isEmpty()) {
            throw NodeError.failedPrecondition("NO_SYMBOLS_SPECIFIED", "at least one symbol ID must be specified");
        }
        if (wanted.size() > ctx.limits.maxSymbolsPerRequest()) {
            throw NodeError.invalidArgument("INVALID_FILTER", "the filter is invalid: " + wanted.size()
                    + " symbols requested, at most " + ctx.limits.maxSymbolsPerRequest() + " per request",
                    "requested", wanted.size(), "limit", ctx.limits.maxSymbolsPerRequest());
        }
        BlobMetadata metadata = ctx.store.metadata(blobId);
        if (metadata == null) {
            throw NodeError.notFound("METADATA_NOT_FOUND", "the requested metadata is unavailable", "blobId",
                    blobId.base64Url());
        }
        if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
            throw NodeError.unavailable("the service is currently unavailable: too many recovery-symbol requests");
        }
        try {
            return collect(blobId, metadata, wanted, axis);
        } finally {
            permits.release();
        }
    }

    private List<RecoverySymbol> collect(BlobId blobId, BlobMetadata metadata, List<SymbolId> wanted, SliverType axis) {
        ShardView view = ctx.view();
        RedStuffParams params = view.params();
        int n = params.nShards();
        // source sliver (type, index) → target indices, in request order
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        NodeError last = null;
        for (SymbolId id : wanted) {
            if (id.primary() < 0 || id.primary() >= n || id.secondary() < 0 || id.secondary() >= n) {
                last = NodeError.invalidArgument("INDEX_OUT_OF_RANGE", "symbol " + id.primary() + "-" + id.secondary()
                        + " is out of range for " + n + " shards", "max", n);
                continue;
            }
            boolean found = false;
            for (SliverType target : new SliverType[] {SliverType.SECONDARY, SliverType.PRIMARY}) {
                if (axis != null && target != axis.orthogonal()) {
                    continue;
                }
                SliverType sourceType = target.orthogonal();
                int sourceIndex = sourceType == SliverType.PRIMARY ? id.primary() : id.secondary();
                int targetIndex = sourceType == SliverType.PRIMARY ? id.secondary() : id.primary();
                int pair = params.pairOfSliver(sourceType, sourceIndex);
                if (!view.serves(params.shardOfPair(blobId, pair)) || !ctx.store.hasSliver(blobId, sourceType, pair)) {
                    continue;
                }
                bySource.computeIfAbsent(sourceType.label() + "/" + sourceIndex, k -> new ArrayList<>()).add(targetIndex);
                found = true;
                break;
            }
            if (!found) {
                last = NodeError.failedPrecondition("SYMBOL_NOT_PRESENT_AT_SHARDS", "the requested recovery symbol "
                        + id.primary() + "-" + id.secondary() + " is not the responsibility of this node's shards");
            }
        }
        List<RecoverySymbol> out = new ArrayList<>();
        for (var e : bySource.entrySet()) {
            String[] k = e.getKey().split("/");
            SliverType type = SliverType.fromLabel(k[0]);
            int index = Integer.parseInt(k[1]);
            Sliver source = Sliver.fromBcs(type, ctx.store.sliver(blobId, type, params.pairOfSliver(type, index)));
            int[] targets = e.getValue().stream().distinct().mapToInt(Integer::intValue).toArray();
            out.addAll(ctx.codec.recoverySymbols(metadata, source, targets));
        }
        if (out.isEmpty()) {
            throw last != null ? last : NodeError.failedPrecondition("SYMBOL_NOT_PRESENT_AT_SHARDS",
                    "none of the requested recovery symbols is held by this node's shards");
        }
        return out;
    }
}
