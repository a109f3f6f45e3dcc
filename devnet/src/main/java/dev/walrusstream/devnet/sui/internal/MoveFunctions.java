package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.devnet.sui.LocalSuiIds;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.rpc.proto.FunctionDescriptor;
import dev.walrusstream.sui.rpc.proto.OpenSignature;
import dev.walrusstream.sui.rpc.proto.OpenSignatureBody;
import dev.walrusstream.sui.rpc.proto.TypeParameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signatures of the Move functions this ledger executes, as Walrus's and Sui's sources declare them:
 * what {@code MovePackageService/GetFunction} answers, and how a server resolving a transaction learns
 * whether an object argument is taken by {@code &}, {@code &mut} or by value. Walrus functions are found
 * under both the original and the current package ID; framework functions under {@code 0x2}.
 */
public final class MoveFunctions {
    private static final String TX_CONTEXT = "0x0000000000000000000000000000000000000000000000000000000000000002"
            + "::tx_context::TxContext";
    private static final String COIN = "0x0000000000000000000000000000000000000000000000000000000000000002::coin::Coin";
    private static final String ID = "0x0000000000000000000000000000000000000000000000000000000000000002::object::ID";
    private static final String CLOCK = "0x0000000000000000000000000000000000000000000000000000000000000002"
            + "::clock::Clock";
    private static final String STRING = "0x0000000000000000000000000000000000000000000000000000000000000001"
            + "::string::String";

    private final LocalSuiIds ids;
    private final Map<String, FunctionDescriptor> walrus = new LinkedHashMap<>();
    private final Map<String, FunctionDescriptor> framework = new LinkedHashMap<>();

    public MoveFunctions(LocalSuiIds ids) {
        this.ids = ids;
        OpenSignatureBody wal = datatype(COIN, datatype(ids.walCoinType()));
        OpenSignatureBody system = datatype(ids.walrusType("system", "System"));
        OpenSignatureBody blob = datatype(ids.walrusType("blob", "Blob"));
        OpenSignatureBody storage = datatype(ids.walrusType("storage_resource", "Storage"));
        OpenSignatureBody metadata = datatype(ids.walrusType("metadata", "Metadata"));
        OpenSignatureBody ctx = datatype(TX_CONTEXT);
        walrus.put("system::reserve_space", fn("reserve_space", List.of(mut(system), val(prim(OpenSignatureBody.Type.U64)),
                val(prim(OpenSignatureBody.Type.U32)), mut(wal), mut(ctx)), List.of(val(storage))));
        walrus.put("system::register_blob", fn("register_blob", List.of(mut(system), val(storage),
                val(prim(OpenSignatureBody.Type.U256)), val(prim(OpenSignatureBody.Type.U256)),
                val(prim(OpenSignatureBody.Type.U64)), val(prim(OpenSignatureBody.Type.U8)),
                val(prim(OpenSignatureBody.Type.BOOL)), mut(wal), mut(ctx)), List.of(val(blob))));
        walrus.put("system::certify_blob", fn("certify_blob", List.of(imm(system), mut(blob), val(bytes()), val(bytes()),
                val(bytes())), List.of()));
        walrus.put("system::delete_blob", fn("delete_blob", List.of(imm(system), val(blob)), List.of(val(storage))));
        walrus.put("system::extend_blob", fn("extend_blob", List.of(mut(system), mut(blob),
                val(prim(OpenSignatureBody.Type.U32)), mut(wal)), List.of()));
        walrus.put("staking::stake_with_pool", fn("stake_with_pool", List.of(mut(datatype(ids.walrusType("staking",
                "Staking"))), val(wal), val(datatype(ID)), mut(ctx)), List.of(val(datatype(ids.walrusType(
                "staked_wal", "StakedWal"))))));
        walrus.put("staking::epoch_sync_done", fn("epoch_sync_done", List.of(mut(datatype(ids.walrusType("staking",
                "Staking"))), mut(datatype(ids.walrusType("storage_node", "StorageNodeCap"))),
                val(prim(OpenSignatureBody.Type.U32)), imm(datatype(CLOCK))), List.of()));
        walrus.put("metadata::new", fn("new", List.of(), List.of(val(metadata))));
        walrus.put("blob::add_metadata", fn("add_metadata", List.of(mut(blob), val(metadata)), List.of()));
        walrus.put("blob::insert_or_update_metadata_pair", fn("insert_or_update_metadata_pair", List.of(mut(blob),
                val(datatype(STRING)), val(datatype(STRING))), List.of()));
        walrus.put("blob::remove_metadata_pair", fn("remove_metadata_pair", List.of(mut(blob), imm(datatype(STRING))),
                List.of(val(datatype(STRING)), val(datatype(STRING)))));
        OpenSignatureBody coinT = datatype(COIN, typeParameter(0));
        framework.put("coin::destroy_zero", generic("destroy_zero", List.of(val(coinT)), List.of()));
    }

    /** The function {@code package::module::name}, if this ledger has it. */
    public Optional<FunctionDescriptor> find(ObjectId pkg, String module, String name) {
        String key = module + "::" + name;
        if (pkg.equals(ids.originalPackage()) || pkg.equals(ids.currentPackage())) {
            return Optional.ofNullable(walrus.get(key));
        }
        if (pkg.equals(Failure.SUI_FRAMEWORK)) {
            return Optional.ofNullable(framework.get(key));
        }
        return Optional.empty();
    }

    /** Whether a package ID is one this ledger serves functions of. */
    public boolean isPackage(ObjectId pkg) {
        return pkg.equals(ids.originalPackage()) || pkg.equals(ids.currentPackage()) || pkg.equals(Failure.SUI_FRAMEWORK);
    }

    private static FunctionDescriptor fn(String name, List<OpenSignature> params, List<OpenSignature> returns) {
        return FunctionDescriptor.newBuilder().setName(name).setVisibility(FunctionDescriptor.Visibility.PUBLIC)
                .setIsEntry(false).addAllParameters(params).addAllReturns(returns).build();
    }

    private static FunctionDescriptor generic(String name, List<OpenSignature> params, List<OpenSignature> returns) {
        return fn(name, params, returns).toBuilder().addTypeParameters(TypeParameter.newBuilder().setIsPhantom(false))
                .build();
    }

    private static OpenSignature mut(OpenSignatureBody b) {
        return OpenSignature.newBuilder().setReference(OpenSignature.Reference.MUTABLE).setBody(b).build();
    }

    private static OpenSignature imm(OpenSignatureBody b) {
        return OpenSignature.newBuilder().setReference(OpenSignature.Reference.IMMUTABLE).setBody(b).build();
    }

    private static OpenSignature val(OpenSignatureBody b) {
        return OpenSignature.newBuilder().setBody(b).build();
    }

    private static OpenSignatureBody prim(OpenSignatureBody.Type t) {
        return OpenSignatureBody.newBuilder().setType(t).build();
    }

    private static OpenSignatureBody bytes() {
        return OpenSignatureBody.newBuilder().setType(OpenSignatureBody.Type.VECTOR)
                .addTypeParameterInstantiation(prim(OpenSignatureBody.Type.U8)).build();
    }

    private static OpenSignatureBody typeParameter(int index) {
        return OpenSignatureBody.newBuilder().setType(OpenSignatureBody.Type.TYPE_PARAMETER).setTypeParameter(index)
                .build();
    }

    private static OpenSignatureBody datatype(String name, OpenSignatureBody... params) {
        return OpenSignatureBody.newBuilder().setType(OpenSignatureBody.Type.DATATYPE).setTypeName(name)
                .addAllTypeParameterInstantiation(List.of(params)).build();
    }
}
