package dev.walrusstream.devnet.sui;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.ConfirmationMessage;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.BlsKeyPair;
import dev.walrusstream.chain.bls.BlsSignature;
import dev.walrusstream.devnet.ledger.LedgerGenesis;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.sui.chain.SuiChain;
import dev.walrusstream.sui.chain.SuiChainOptions;
import dev.walrusstream.sui.config.SuiConfig;
import dev.walrusstream.sui.exec.GasPolicy;
import dev.walrusstream.sui.keys.KeySource;
import dev.walrusstream.sui.keys.SuiKeyPair;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A local Sui ledger on a loopback gRPC port with a deterministic committee and funded accounts. */
public final class LocalSuiFixture implements AutoCloseable {
    private final java.util.List<SuiChain> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    public static final int SHARDS = 10;
    public static final int NODES = 4;
    public static final long FUNDS = 1_000L * 1_000_000_000L;

    public final Path dir;
    public final LocalSui sui;
    public final LocalSuiGrpcServer server;

    private LocalSuiFixture(Path dir, LocalSui sui, LocalSuiGrpcServer server) {
        this.dir = dir;
        this.sui = sui;
        this.server = server;
    }

    public static SuiKeyPair key(String seed) {
        return SuiKeyPair.fromSeed(new Blake2b256().update(("sui key " + seed).getBytes(StandardCharsets.UTF_8)).finish());
    }

    public static BlsKeyPair bls(int i) {
        byte[] secret = new Blake2b256().update(("bls key " + i).getBytes(StandardCharsets.UTF_8)).finish();
        secret[0] &= 0x0f;
        return BlsKeyPair.fromSecretBytes(secret);
    }

    public static LedgerGenesis genesis(Map<SuiKeyPair, Long> accounts) {
        List<List<Integer>> shards = LedgerGenesis.balancedShards(SHARDS, NODES);
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ids.add(ObjectId.of(new Blake2b256().update(("node " + i).getBytes(StandardCharsets.UTF_8)).finish()));
        }
        ids.sort(Comparator.naturalOrder());
        List<StorageNodeInfo> members = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            members.add(new StorageNodeInfo(ids.get(i), "node-" + i, "127.0.0.1:" + (9 + i), bls(i).publicKey(),
                    shards.get(i)));
        }
        Map<SuiAddress, Long> funded = new HashMap<>();
        accounts.forEach((k, v) -> funded.put(k.address(), v));
        return new LedgerGenesis("sui-fixture", SHARDS, members, 100_000, 20_000, 10, 1L << 40, 1, 0, funded);
    }

    public static LocalSuiFixture create(Path dir, Map<SuiKeyPair, Long> accounts) throws Exception {
        return create(dir, accounts, null);
    }

    /** As {@link #create(Path, Map)}, every gRPC call passing through {@code faults}. */
    public static LocalSuiFixture create(Path dir, Map<SuiKeyPair, Long> accounts, SuiFaults faults) throws Exception {
        LocalSui sui = LocalSui.create(dir, genesis(accounts), LocalSuiOptions.DEFAULTS);
        return new LocalSuiFixture(dir, sui, LocalSuiGrpcServer.start(sui, "127.0.0.1", 0, faults));
    }

    /**
     * As {@link #create(Path, Map)}, the genesis member {@code i} having {@code operators.get(i)} as its operator:
     * its {@code StorageNodeCap} is that key's.
     */
    public static LocalSuiFixture createWithOperators(Path dir, Map<SuiKeyPair, Long> accounts,
                                                      List<SuiKeyPair> operators) throws Exception {
        LedgerGenesis g = genesis(accounts);
        Map<ObjectId, SuiAddress> ops = new HashMap<>();
        for (int i = 0; i < operators.size(); i++) {
            ops.put(g.members().get(i).nodeId(), operators.get(i).address());
        }
        LocalSui sui = LocalSui.create(dir, g, LocalSuiOptions.DEFAULTS, ops);
        return new LocalSuiFixture(dir, sui, LocalSuiGrpcServer.start(sui, "127.0.0.1", 0));
    }

    public static LocalSuiFixture open(Path dir) throws Exception {
        LocalSui sui = LocalSui.open(dir);
        return new LocalSuiFixture(dir, sui, LocalSuiGrpcServer.start(sui, "127.0.0.1", 0));
    }

    /** A node outside the genesis committee (BLS key {@code bls(NODES + k)}), to register and stake. */
    public static StorageNodeInfo spare(int k) {
        ObjectId id = ObjectId.of(new Blake2b256().update(("spare node " + k).getBytes(StandardCharsets.UTF_8)).finish());
        return new StorageNodeInfo(id, "spare-" + k, "127.0.0.1:" + (30 + k), bls(NODES + k).publicKey(), List.of());
    }

    public SuiConfig config(SuiKeyPair key) {
        SuiConfig.Builder b = SuiConfig.builder().network(server.url()).walrusSystemObject(sui.ids().systemObject())
                .walrusStakingObject(sui.ids().stakingObject()).walCoinType(sui.ids().walCoinType())
                .gasPolicy(new GasPolicy(50_000_000L, 2_000_000_000L, Duration.ofSeconds(5)));
        return key == null ? b.readOnly(true).build() : b.key(KeySource.parse(key.toSuiPrivateKey())).build();
    }

    /** A SuiChain for {@code key} that the fixture closes when it closes. */
    public SuiChain openChain(SuiKeyPair key) {
        SuiChain c = chain(key);
        opened.add(c);
        return c;
    }

    public SuiChain chain(SuiKeyPair key) {
        return SuiChain.open(config(key), new SuiChainOptions(Duration.ofMillis(200), SuiChainOptions.EventStart.EARLIEST,
                "auto", Duration.ofSeconds(2)));
    }

    /** A certificate signed by the committee members {@code signers} (indices) over the confirmation message. */
    public static StorageCertificate certificate(Committee committee, List<Integer> signers, int epoch, BlobId blobId,
                                                 PersistenceType persistence) {
        byte[] message = new ConfirmationMessage(epoch, blobId, persistence).toBcs();
        Map<Integer, BlsSignature> sigs = new HashMap<>();
        for (int i : signers) {
            sigs.put(i, keyOf(committee.member(i)).sign(message));
        }
        return StorageCertificate.aggregate(committee, sigs, message);
    }

    private static BlsKeyPair keyOf(StorageNodeInfo member) {
        for (int i = 0; i < NODES + 2; i++) { // genesis members and up to two nodes that join later
            if (bls(i).publicKey().equals(member.publicKey())) {
                return bls(i);
            }
        }
        throw new IllegalArgumentException("no key for " + member.nodeId());
    }

    @Override
    public void close() {
        for (SuiChain c : opened) {
            c.close();
        }
        server.close();
        sui.close();
    }
}
