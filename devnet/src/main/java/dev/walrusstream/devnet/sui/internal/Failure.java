package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.rpc.proto.ExecutionError;
import dev.walrusstream.sui.rpc.proto.MoveAbort;
import dev.walrusstream.sui.rpc.proto.MoveLocation;

/** Execution of a command failed: the transaction is reverted except for gas, as on Sui. */
public final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final ObjectId SUI_FRAMEWORK = ObjectId.parse("0x2");

    private final transient ExecutionError error;

    private Failure(ExecutionError error) {
        super(error.getDescription(), null, false, false);
        this.error = error;
    }

    public ExecutionError error() {
        return error;
    }

    public static Failure of(ExecutionError.ExecutionErrorKind kind, int command, String description) {
        return new Failure(ExecutionError.newBuilder().setKind(kind).setCommand(command).setDescription(description)
                .build());
    }

    /** A Move abort at {@code package::module::function} with {@code code}. */
    public static Failure abort(int command, ObjectId pkg, String module, String function, long code, String why) {
        String description = "MoveAbort in " + pkg + "::" + module + "::" + function + " with code " + code
                + (why == null || why.isEmpty() ? "" : ": " + why);
        return new Failure(ExecutionError.newBuilder().setKind(ExecutionError.ExecutionErrorKind.MOVE_ABORT)
                .setCommand(command).setDescription(description)
                .setAbort(MoveAbort.newBuilder().setAbortCode(code).setLocation(MoveLocation.newBuilder()
                        .setPackage(pkg.toString()).setModule(module).setFunctionName(function)))
                .build());
    }

    /** {@code sui::balance::split} aborting with {@code ENotEnough} (2): the coin holds too little. */
    public static Failure notEnough(int command, String why) {
        return abort(command, SUI_FRAMEWORK, "balance", "split", 2, why);
    }

    /**
     * The Move abort with which Walrus's contract refuses what LocalChain's rule engine refused:
     * same module and error constant as in contracts/walrus/sources.
     */
    public static Failure ofRule(int command, ObjectId walrusPackage, ChainException.RuleViolation v) {
        String why = v.getMessage();
        Rule rule = v.rule();
        return switch (rule) {
            case INVALID_EPOCHS_AHEAD -> abort(command, walrusPackage, "system_state_inner", "reserve_space", 2, why);
            case STORAGE_EXCEEDED -> abort(command, walrusPackage, "system_state_inner", "reserve_space", 1, why);
            case INSUFFICIENT_BALANCE -> notEnough(command, why);
            case NOT_CERTIFIED -> abort(command, walrusPackage, "blob", "assert_certified_not_expired", 0, why);
            case BLOB_NOT_DELETABLE -> abort(command, walrusPackage, "blob", "delete", 1, why);
            case RESOURCE_BOUNDS -> abort(command, walrusPackage, "blob", "new", 2, why);
            case RESOURCE_SIZE -> abort(command, walrusPackage, "blob", "new", 3, why);
            case INVALID_BLOB_ID, BLOB_ID_MISMATCH -> abort(command, walrusPackage, "blob", "new", 6, why);
            case ALREADY_CERTIFIED -> abort(command, walrusPackage, "blob", "certify_with_certified_msg", 5, why);
            case PERSISTENCE_TYPE_MISMATCH -> abort(command, walrusPackage, "blob", "certify_with_certified_msg", 9, why);
            case OBJECT_ID_MISMATCH -> abort(command, walrusPackage, "blob", "certify_with_certified_msg", 10, why);
            case INVALID_BITMAP -> abort(command, walrusPackage, "bls_aggregate", "verify_certificate_and_weight", 0, why);
            case SIGNATURE_INVALID -> abort(command, walrusPackage, "bls_aggregate", "verify_certificate_and_weight", 1,
                    why);
            case NOT_ENOUGH_WEIGHT -> abort(command, walrusPackage, "bls_aggregate", "verify_certificate_and_weight", 2,
                    why);
            case EPOCH_MISMATCH -> abort(command, walrusPackage, "messages", "new_certified_message", 1, why);
            case INVALID_MESSAGE -> abort(command, walrusPackage, "messages", "new_certified_message", 3, why);
            case UNSUPPORTED_ENCODING_TYPE -> abort(command, walrusPackage, "encoding", "encoded_blob_length", 0, why);
            case INVALID_ARGUMENT -> abort(command, walrusPackage, "system_state_inner", "reserve_space", 11, why);
            default -> of(ExecutionError.ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, command, why);
        };
    }
}
