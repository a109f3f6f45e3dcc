package dev.walrusstream.sui.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.sui.rpc.proto.Input;
import dev.walrusstream.sui.rpc.proto.Transaction;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TypeTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TransactionProtos} against transactions the official {@code @mysten/sui} 2.33.1 SDK built
 * ({@code sui-tx-proto-vectors.json}, made by {@code interop/walrus-sdk/gen-tx-protos.mjs}): the SDK's
 * structured proto converts to exactly the BCS the SDK signs, and our proto of that BCS is the SDK's proto.
 */
class TransactionProtosGoldenTest {
    record Case(String name, byte[] bcs, Transaction proto) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws Exception {
        List<Case> out = new ArrayList<>();
        try (InputStream in = TransactionProtosGoldenTest.class.getResourceAsStream("/sui-tx-proto-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            for (JsonNode c : root.path("cases")) {
                out.add(new Case(c.path("name").asText(), Base64.getDecoder().decode(c.path("bcs").asText()),
                        Transaction.parseFrom(Base64.getDecoder().decode(c.path("proto").asText()))));
            }
        }
        assertEquals(6, out.size());
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSdksProtoConvertsToTheBcsTheSdkSigns(Case c) {
        TransactionData fromProto = TransactionProtos.fromStructured(c.proto());
        assertArrayEquals(c.bcs(), fromProto.toBcs());
        assertEquals(TransactionData.fromBcs(c.bcs()), fromProto);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ourProtoOfTheBcsIsTheSdksProto(Case c) {
        Transaction ours = TransactionProtos.toProto(TransactionData.fromBcs(c.bcs()));
        assertArrayEquals(c.bcs(), ours.getBcs().getValue().toByteArray());
        assertEquals(TransactionData.digestOf(c.bcs()).toString(), ours.getDigest());
        // the SDK leaves out what it does not read: kind.kind and the Input.mutability enum (it sends `mutable`)
        Transaction.Builder comparable = ours.toBuilder().clearBcs().clearDigest();
        comparable.getKindBuilder().clearKind();
        for (Input.Builder in : comparable.getKindBuilder().getProgrammableTransactionBuilder().getInputsBuilderList()) {
            in.clearMutability();
        }
        // an SDK transaction without an expiration set has none in its proto; a node renders BCS None as NONE
        if (!c.proto().hasExpiration()) {
            assertEquals(dev.walrusstream.sui.rpc.proto.TransactionExpiration.TransactionExpirationKind.NONE,
                    comparable.getExpiration().getKind());
            comparable.clearExpiration();
        }
        // type strings: the SDK sends what the caller wrote (0x2::sui::SUI); a node renders canonical long addresses
        assertEquals(canonicalTypes(c.proto()), comparable.build());
        assertEquals(TransactionData.fromBcs(c.bcs()), TransactionProtos.fromProto(ours));
    }

    private static Transaction canonicalTypes(Transaction t) {
        Transaction.Builder b = t.toBuilder();
        for (var cmd : b.getKindBuilder().getProgrammableTransactionBuilder().getCommandsBuilderList()) {
            if (cmd.hasMoveCall()) {
                var m = cmd.getMoveCallBuilder();
                for (int i = 0; i < m.getTypeArgumentsCount(); i++) {
                    m.setTypeArguments(i, TypeTag.parse(m.getTypeArguments(i)).toCanonicalString());
                }
            } else if (cmd.hasMakeMoveVector() && cmd.getMakeMoveVector().hasElementType()) {
                cmd.getMakeMoveVectorBuilder().setElementType(TypeTag.parse(cmd.getMakeMoveVector().getElementType())
                        .toCanonicalString());
            }
        }
        return b.build();
    }

    @Test
    void anUnresolvedInputIsRefusedNamingItsPath() throws Exception {
        Transaction sdk = cases().get(1).proto();
        Transaction.Builder b = sdk.toBuilder();
        b.getKindBuilder().getProgrammableTransactionBuilder().getInputsBuilder(0).clearKind();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransactionProtos.fromStructured(b.build()));
        assertTrue(e.getMessage().startsWith("transaction.kind.programmable_transaction.inputs[0]: input of kind "
                + "INPUT_KIND_UNKNOWN"), e.getMessage());
        Transaction.Builder noBudget = sdk.toBuilder();
        noBudget.getGasPaymentBuilder().clearBudget();
        e = assertThrows(IllegalArgumentException.class, () -> TransactionProtos.fromStructured(noBudget.build()));
        assertTrue(e.getMessage().contains("budget unset"), e.getMessage());
        Transaction.Builder badPackage = sdk.toBuilder();
        badPackage.getKindBuilder().getProgrammableTransactionBuilder().getCommandsBuilder(2).getMoveCallBuilder()
                .setPackage("0xnothex");
        e = assertThrows(IllegalArgumentException.class, () -> TransactionProtos.fromStructured(badPackage.build()));
        assertTrue(e.getMessage().startsWith("transaction.kind.programmable_transaction.commands[2].move_call.package: "
                + "'0xnothex'"), e.getMessage());
    }
}
