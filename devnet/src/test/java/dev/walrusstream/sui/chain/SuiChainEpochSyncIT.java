package dev.walrusstream.sui.chain;

import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import dev.walrusstream.devnet.sui.SyncReport;
import dev.walrusstream.devnet.sui.internal.StoredObject;
import dev.walrusstream.sui.keys.SignedTransaction;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.rpc.TransactionRejectedException;
import dev.walrusstream.sui.tx.GasData;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TransactionExpiration;
import dev.walrusstream.sui.walrus.WalrusTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code staking::epoch_sync_done} from signed transactions: every registered node's StorageNodeCap is owned by
 * its operator, the node's own SuiChain (its key) finds the cap and reports, LocalSui enforces Walrus's rules
 * (sender owns the cap, epoch, duplicate, committee), the quorum report completes the change, and the reports and
 * caps survive a restart.
 */
class SuiChainEpochSyncIT {
    static final SuiKeyPair PAYER = LocalSuiFixture.key("payer");
    static final List<SuiKeyPair> OPERATORS = List.of(LocalSuiFixture.key("op-0"), LocalSuiFixture.key("op-1"),
            LocalSuiFixture.key("op-2"), LocalSuiFixture.key("op-3"));
    static final SuiKeyPair SPARE_OPERATOR = LocalSuiFixture.key("op-spare");

    @TempDir
    Path dir;
    LocalSuiFixture net;

    @BeforeEach
    void start() throws Exception {
        net = LocalSuiFixture.createWithOperators(dir, Map.of(PAYER, LocalSuiFixture.FUNDS), OPERATORS);
        for (SuiKeyPair k : OPERATORS) {
            net.sui.mintSui(k.address(), 2_000_000_000L); // gas from the faucet
        }
        net.sui.mintSui(SPARE_OPERATOR.address(), 2_000_000_000L);
    }

    @AfterEach
    void stop() throws Exception {
        if (net != null) {
            net.close();
        }
    }

    SuiChain chain(SuiKeyPair key) {
        return net.openChain(key);
    }

    @Test
    void nodesReportTheirSyncWithTheirOwnKeysAndWalrusRulesHold() throws Exception {
        Committee before = net.sui.committee();
        for (int i = 0; i < before.size(); i++) {
            StoredObject cap = net.sui.nodeCap(before.member(i).nodeId()).orElseThrow();
            assertEquals(new Owner.AddressOwner(OPERATORS.get(i).address()), cap.owner(), "genesis cap of member " + i);
            assertTrue(cap.type().endsWith("::storage_node::StorageNodeCap"), cap.type());
        }
        StorageNodeInfo spare = LocalSuiFixture.spare(0);
        net.sui.registerNode(spare, 0, SPARE_OPERATOR.address());
        assertEquals(new Owner.AddressOwner(SPARE_OPERATOR.address()), net.sui.nodeCap(spare.nodeId()).orElseThrow()
                .owner(), "register_candidate hands the cap to the operator");
        assertEquals(0, net.sui.lastEpochSyncDone(spare.nodeId()).orElseThrow());

        ObjectId leaver = before.member(3).nodeId();
        net.sui.moveStake(leaver, spare.nodeId(), before.member(3).weight());
        assertEquals(2, net.sui.advanceEpoch());
        assertTrue(net.sui.epochState().isSyncing());
        Committee now = net.sui.committee();

        SuiChain spareChain = chain(SPARE_OPERATOR);
        ChainException.RuleViolation wrongEpoch = assertThrows(ChainException.RuleViolation.class,
                () -> spareChain.epochSyncDone(spare.nodeId(), 1));
        assertEquals(Rule.EPOCH_CHANGE_IN_PROGRESS, wrongEpoch.rule());
        assertTrue(wrongEpoch.getMessage().contains("EInvalidSyncEpoch") && wrongEpoch.getMessage().contains("epoch 1"),
                wrongEpoch.getMessage());

        // another operator has no cap of the spare: its chain says so, naming the node and the account
        SuiChain op0 = chain(OPERATORS.get(0));
        ChainException.RuleViolation noCap = assertThrows(ChainException.RuleViolation.class,
                () -> op0.epochSyncDone(spare.nodeId(), 2));
        assertEquals(Rule.NOT_OWNER, noCap.rule());
        assertTrue(noCap.getMessage().contains(spare.nodeId().toString())
                && noCap.getMessage().contains(OPERATORS.get(0).address().toString()), noCap.getMessage());
        // passing the spare's cap in a transaction it signs itself is refused before execution (not its object)
        SuiClient client = op0.client();
        var spareCap = client.getObject(net.sui.nodeCap(spare.nodeId()).orElseThrow().id()).ref();
        var gas = client.listCoins(OPERATORS.get(0).address(),
                dev.walrusstream.sui.config.SuiServices.SUI_COIN_TYPE).get(0).ref();
        var system = new dev.walrusstream.sui.walrus.WalrusSystemReader(client).read(net.sui.ids().systemObject()).ref();
        TransactionData stolen = new TransactionData(new WalrusTransactions(system).epochSyncDone(
                net.sui.ids().stakingObject(), 1, spareCap, 2), OPERATORS.get(0).address(),
                new GasData(List.of(gas), OPERATORS.get(0).address(), client.referenceGasPrice(), 50_000_000L),
                TransactionExpiration.NONE);
        TransactionRejectedException refused = assertThrows(TransactionRejectedException.class,
                () -> client.executeAndWait(SignedTransaction.sign(stolen, OPERATORS.get(0))));
        assertTrue(refused.getMessage().contains(spareCap.objectId().toString())
                && refused.getMessage().contains("not by the sender"), refused.getMessage());

        spareChain.epochSyncDone(spare.nodeId(), 2);
        int spareWeight = now.member(now.indexOf(spare.nodeId())).weight();
        assertEquals(spareWeight, net.sui.epochState().syncedWeight());
        assertEquals(2, net.sui.lastEpochSyncDone(spare.nodeId()).orElseThrow());
        spareChain.epochSyncDone(spare.nodeId(), 2); // a repeated report is harmless
        assertEquals(spareWeight, net.sui.epochState().syncedWeight(), "a duplicate adds no weight");

        // the leaver is no member of epoch 2: ENotInCommittee
        ChainException.RuleViolation notMember = assertThrows(ChainException.RuleViolation.class,
                () -> chain(OPERATORS.get(3)).epochSyncDone(leaver, 2));
        assertEquals(Rule.NOT_IN_COMMITTEE, notMember.rule());
        assertTrue(notMember.getMessage().contains("ENotInCommittee") && notMember.getMessage().contains(leaver.toString()),
                notMember.getMessage());

        // the stayers report until the change is done (a quorum); later reports only update their caps
        int reported = 0;
        for (int i = 0; i < 3 && net.sui.epochState().isSyncing(); i++) {
            chain(OPERATORS.get(i)).epochSyncDone(before.member(i).nodeId(), 2);
            reported++;
        }
        assertEquals(EpochState.Phase.DONE, net.sui.epochState().phase());
        assertTrue(reported < 3, "the change is done at a quorum, before every stayer reported");
        ObjectId late = before.member(2).nodeId();
        chain(OPERATORS.get(2)).epochSyncDone(late, 2);
        assertEquals(2, net.sui.lastEpochSyncDone(late).orElseThrow());
        assertEquals(EpochState.Phase.DONE, net.sui.epochState().phase());

        List<SyncReport> reports = net.sui.syncReports();
        List<SyncReport> executed = reports.stream().filter(SyncReport::success).toList();
        assertEquals(2 + reported, executed.size(), reports.toString());
        assertEquals(SPARE_OPERATOR.address(), executed.get(0).sender());
        assertEquals(spare.nodeId(), executed.get(0).nodeId());
        for (SyncReport r : executed) {
            int at = before.indexOf(r.nodeId());
            assertEquals(at >= 0 ? OPERATORS.get(at).address() : SPARE_OPERATOR.address(), r.sender(), r.toString());
            assertEquals(2, r.epoch());
        }
        long doneEvents = net.sui.transactions().stream().flatMap(t -> t.getEvents().getEventsList().stream())
                .filter(e -> e.getEventType().endsWith("::events::EpochChangeDone")).count();
        assertEquals(1, doneEvents, "EpochChangeDone once, from the quorum report");

        net.close();
        net = LocalSuiFixture.open(dir);
        assertEquals(EpochState.Phase.DONE, net.sui.epochState().phase());
        assertEquals(2, net.sui.lastEpochSyncDone(spare.nodeId()).orElseThrow(), "the cap survives a restart");
        assertEquals(new Owner.AddressOwner(SPARE_OPERATOR.address()), net.sui.nodeCap(spare.nodeId()).orElseThrow()
                .owner());
        assertEquals(executed, net.sui.syncReports().stream().filter(SyncReport::success).toList(),
                "the journal replays every report");
        assertFalse(net.sui.epochState().isSyncing());
    }
}
