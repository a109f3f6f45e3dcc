package dev.walrusstream.sui.chain.internal;

import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.BlsException;
import dev.walrusstream.chain.bls.BlsPublicKey;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.rpc.MovePackage;
import dev.walrusstream.sui.rpc.ObjectLookup;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.rpc.SuiObject;
import dev.walrusstream.sui.rpc.SuiRpcException;
import dev.walrusstream.sui.tx.StructTag;
import dev.walrusstream.sui.walrus.PlainHttpNetworkKey;
import dev.walrusstream.sui.walrus.WalrusNodeInfo;
import dev.walrusstream.sui.walrus.WalrusStakingState;
import dev.walrusstream.sui.walrus.WalrusSystemReader;
import dev.walrusstream.sui.walrus.WalrusSystemSnapshot;
import dev.walrusstream.sui.walrus.WalrusSystemState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What SuiChain reads of Walrus: the System object and its inner state (package to call, epoch,
 * prices, BLS committee), the Staking inner state (which shards each node holds) and the staking
 * pools (node names and addresses), assembled into a {@link Committee}; and the packages that
 * define Walrus's types and events. The System snapshot is reused for a short time; the committee
 * is read again when the epoch changes. Thread-safe.
 */
public final class WalrusView {
    private final SuiClient client;
    private final ObjectId systemObject;
    private final Optional<ObjectId> stakingObject;
    private final WalrusSystemReader reader;
    private final Duration ttl;
    private WalrusSystemSnapshot snapshot;
    private long snapshotAt;
    private Committee committee;
    private Committee previous;
    private WalrusStakingState staking;
    private long stakingAt;
    private Set<String> typePackages;
    private String typePackage;

    public WalrusView(SuiClient client, ObjectId systemObject, Optional<ObjectId> stakingObject, Duration ttl) {
        this.client = client;
        this.systemObject = systemObject;
        this.stakingObject = stakingObject;
        this.reader = new WalrusSystemReader(client);
        this.ttl = ttl;
    }

    /** The System snapshot, read again when older than the cache time. */
    public synchronized WalrusSystemSnapshot snapshot() {
        if (snapshot == null || System.nanoTime() - snapshotAt > ttl.toNanos()) {
            return refresh();
        }
        return snapshot;
    }

    /** Reads the System object and its inner state now. */
    public synchronized WalrusSystemSnapshot refresh() {
        try {
            snapshot = reader.read(systemObject);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ChainException.Unavailable("reading the Walrus System object " + systemObject + ": "
                    + e.getMessage(), e);
        }
        snapshotAt = System.nanoTime();
        return snapshot;
    }

    /** Forgets what was read (after an epoch change). */
    public synchronized void invalidate() {
        snapshot = null;
        committee = null;
        previous = null;
        staking = null;
    }

    /** The Staking inner state, read again when older than the cache time. */
    public synchronized WalrusStakingState staking() {
        if (staking == null || System.nanoTime() - stakingAt > ttl.toNanos()) {
            if (stakingObject.isEmpty()) {
                throw new ChainException.Unavailable("the Walrus Staking object is not configured "
                        + "(sui.walrus.staking-object); it is needed to read shards, the epoch state and the previous "
                        + "committee", null);
            }
            SuiObject object = client.getObject(stakingObject.get());
            SuiObject field = client.getObject(WalrusStakingState.innerStateFieldId(object.requireContents()));
            staking = WalrusStakingState.fromFieldContents(field.requireContents());
            stakingAt = System.nanoTime();
        }
        return staking;
    }

    /** The Staking object's {@code epoch_state}. */
    public synchronized dev.walrusstream.chain.EpochState epochState() {
        return staking().epochState();
    }

    /**
     * The previous epoch's committee: the Staking object's {@code previous_committee} shards, keys,
     * names and addresses from the members' staking pools; empty when there is none.
     */
    public synchronized Optional<Committee> previousCommittee() {
        WalrusStakingState st = staking();
        if (st.previousCommittee().isEmpty() || st.epoch() == 0) {
            return Optional.empty();
        }
        int epoch = (int) st.epoch() - 1;
        if (previous != null && previous.epoch() == epoch) {
            return Optional.of(previous);
        }
        List<ObjectId> ids = new ArrayList<>(st.previousCommittee().keySet());
        List<ObjectLookup> pools = client.getObjects(ids);
        List<StorageNodeInfo> members = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!(pools.get(i) instanceof ObjectLookup.Found found)) {
                throw new ChainException.Unavailable("staking pool of previous committee member " + ids.get(i)
                        + " not found: " + ((ObjectLookup.Missing) pools.get(i)).reason(), null);
            }
            WalrusNodeInfo info = WalrusNodeInfo.fromPoolContents(found.object().requireContents());
            BlsPublicKey key;
            try {
                key = BlsPublicKey.fromOnChainBytes(info.publicKey());
            } catch (BlsException e) {
                throw new ChainException.Unavailable("previous committee member " + ids.get(i) + " has an invalid BLS "
                        + "key: " + e.getMessage(), e);
            }
            byte[] networkKey = info.networkPublicKey();
            boolean tls = networkKey.length > 0 && !PlainHttpNetworkKey.is(ids.get(i), networkKey);
            members.add(new StorageNodeInfo(ids.get(i), info.name(), info.networkAddress(), key,
                    st.previousCommittee().get(ids.get(i)), tls ? java.util.HexFormat.of().formatHex(networkKey) : null));
        }
        members.sort(java.util.Comparator.comparing(StorageNodeInfo::nodeId));
        try {
            previous = new Committee(epoch, st.nShards(), members);
        } catch (IllegalArgumentException e) {
            throw new ChainException.Unavailable("the previous Walrus committee (epoch " + epoch + ") is inconsistent: "
                    + e.getMessage(), e);
        }
        return Optional.of(previous);
    }

    /** The committee of the current epoch: members in BlsCommittee order with keys, shards, names and addresses. */
    public synchronized Committee committee() {
        WalrusSystemState state = snapshot().state();
        if (committee != null && committee.epoch() == state.epoch()) {
            return committee;
        }
        if (stakingObject.isEmpty()) {
            throw new ChainException.Unavailable("the Walrus Staking object is not configured (sui.walrus.staking-object); "
                    + "it is needed to read which shards each storage node holds", null);
        }
        WalrusStakingState shards = staking();
        if (shards.epoch() != state.epoch()) {
            staking = null;
            shards = staking();
        }
        List<ObjectId> ids = new ArrayList<>();
        state.members().forEach(m -> ids.add(m.nodeId()));
        List<ObjectLookup> pools = client.getObjects(ids);
        List<StorageNodeInfo> members = new ArrayList<>();
        for (int i = 0; i < state.members().size(); i++) {
            WalrusSystemState.Member m = state.members().get(i);
            if (!(pools.get(i) instanceof ObjectLookup.Found found)) {
                throw new ChainException.Unavailable("staking pool of committee member " + m.nodeId() + " not found: "
                        + ((ObjectLookup.Missing) pools.get(i)).reason(), null);
            }
            WalrusNodeInfo info = WalrusNodeInfo.fromPoolContents(found.object().requireContents());
            List<Integer> held = shards.committee().get(m.nodeId());
            if (held == null) {
                throw new ChainException.Unavailable("committee member " + m.nodeId() + " holds no shards in the Staking "
                        + "object's committee (epoch " + shards.epoch() + ", System epoch " + state.epoch() + ")", null);
            }
            if (held.size() != m.weight()) {
                throw new ChainException.Unavailable("committee member " + m.nodeId() + " has weight " + m.weight()
                        + " in the System object but holds " + held.size() + " shards in the Staking object", null);
            }
            BlsPublicKey key;
            try {
                key = BlsPublicKey.fromOnChainBytes(m.publicKey());
            } catch (BlsException e) {
                throw new ChainException.Unavailable("committee member " + m.nodeId() + " has an invalid BLS key: "
                        + e.getMessage(), e);
            }
            byte[] networkKey = info.networkPublicKey();
            // no key, or the plain-HTTP marker a development ledger publishes: the node serves plain HTTP
            boolean tls = networkKey.length > 0 && !PlainHttpNetworkKey.is(m.nodeId(), networkKey);
            members.add(new StorageNodeInfo(m.nodeId(), info.name(),
                    info.networkAddress(), key, held, tls ? java.util.HexFormat.of().formatHex(networkKey) : null));
        }
        try {
            committee = new Committee((int) state.epoch(), state.nShards(), members);
        } catch (IllegalArgumentException e) {
            throw new ChainException.Unavailable("the Walrus committee of epoch " + state.epoch() + " is inconsistent: "
                    + e.getMessage(), e);
        }
        return committee;
    }

    /** The package that defined Walrus's types (the address in the System object's type). */
    public synchronized String typePackage() {
        if (typePackage == null) {
            SuiObject system = client.getObject(systemObject);
            typePackage = ObjectId.parsePrefixed(StructTag.parse(system.type().orElseThrow(() -> new ChainException.Unavailable(
                    "the System object " + systemObject + " was read without its type", null))).address().toString())
                    .toString();
        }
        return typePackage;
    }

    /**
     * Packages that define Walrus's events (the type origins of module {@code events} of the called
     * package), plus the package of the System object's type. Events are named by these.
     */
    public synchronized Set<String> eventPackages() {
        if (typePackages == null) {
            Set<String> out = new HashSet<>();
            out.add(typePackage());
            try {
                MovePackage p = client.getPackage(snapshot().ref().packageId());
                for (MovePackage.TypeOrigin t : p.typeOrigins()) {
                    if (t.module().equals("events")) {
                        out.add(ObjectId.parsePrefixed(t.packageId()).toString());
                    }
                }
            } catch (SuiRpcException e) {
                // the node does not serve packages: events of the original package are still recognised
            }
            typePackages = Set.copyOf(out);
        }
        return typePackages;
    }

    /** Packages whose Move aborts are Walrus's: the called package and the type packages. */
    public Set<String> walrusPackages() {
        Set<String> out = new HashSet<>(eventPackages());
        out.add(snapshot().ref().packageId().toString());
        return out;
    }
}
