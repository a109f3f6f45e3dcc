package dev.walrusstream.sui.chain.internal;

import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.sui.coins.InsufficientCoinsException;
import dev.walrusstream.sui.config.SuiServices;
import dev.walrusstream.sui.rpc.ExecutionStatus;
import dev.walrusstream.sui.rpc.SuiRpcException;
import dev.walrusstream.sui.rpc.TransactionFailedException;
import dev.walrusstream.sui.rpc.TransactionRejectedException;
import dev.walrusstream.sui.tx.TypeTag;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps what Sui answers to the Chain interface's {@link ChainException}s, naming the phase
 * ({@code reserve}, {@code register}, {@code certify}, {@code delete}, {@code extend}) and keeping
 * Sui's own words: a Move abort of Walrus's contract becomes the {@link Rule} of the same
 * constant (module and abort code as in contracts/walrus/sources), a refusal before execution
 * because an object version is stale becomes {@link Rule#STALE_OBJECT_VERSION}, too little WAL
 * {@link Rule#INSUFFICIENT_BALANCE}, too little SUI {@link Rule#INSUFFICIENT_GAS}, a node that does
 * not answer {@link ChainException.Unavailable}.
 */
public final class Failures {
    private Failures() {
    }

    public static ChainException map(String phase, RuntimeException e, String walCoinType) {
        if (e instanceof ChainException c) {
            return c;
        }
        if (e instanceof InsufficientCoinsException ic) {
            boolean wal = sameType(ic.coinType(), walCoinType);
            boolean sui = sameType(ic.coinType(), SuiServices.SUI_COIN_TYPE);
            Rule rule = wal ? Rule.INSUFFICIENT_BALANCE : sui ? Rule.INSUFFICIENT_GAS : Rule.INSUFFICIENT_BALANCE;
            return new ChainException.RuleViolation(rule, phase + ": nothing was sent: " + e.getMessage(),
                    values(phase, "coinType", ic.coinType(), "needed", ic.needed(), "free", ic.free(), "leased",
                            ic.leased()));
        }
        if (e instanceof TransactionFailedException f) {
            return failed(phase, f);
        }
        if (e instanceof TransactionRejectedException r) {
            return new ChainException.RuleViolation(rejectionRule(r.description()), phase + ": Sui refused transaction "
                    + r.digest() + " before executing it (nothing paid): " + r.description(),
                    values(phase, "digest", r.digest(), "code", r.code()));
        }
        if (e instanceof SuiRpcException s) {
            return new ChainException.Unavailable(phase + ": " + s.getMessage(), s);
        }
        if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("gas budget")) {
            return new ChainException.RuleViolation(Rule.INSUFFICIENT_GAS, phase + ": " + e.getMessage(), values(phase));
        }
        if (e instanceof IllegalArgumentException) {
            return new ChainException.RuleViolation(Rule.INVALID_ARGUMENT, phase + ": " + e.getMessage(),
                    values(phase));
        }
        return new ChainException.Unavailable(phase + ": " + e, e);
    }

    private static ChainException failed(String phase, TransactionFailedException f) {
        ExecutionStatus.Failure failure = f.failure();
        boolean dryRun = f.phase().contains("dry run");
        Rule rule = ruleOf(phase, failure);
        StringBuilder m = new StringBuilder(phase).append(": transaction ").append(f.digest())
                .append(dryRun ? " failed in the dry run (nothing paid): " : " executed and failed (gas paid: "
                        + Math.max(0, f.gasUsed().netCost()) + " MIST): ").append(failure);
        Map<String, Object> v = values(phase, "digest", f.digest(), "paid", !dryRun, "kind", failure.kind());
        failure.abort().ifPresent(a -> {
            v.put("module", a.module());
            v.put("abortCode", a.abortCode());
            v.put("function", a.function());
        });
        return new ChainException.RuleViolation(rule, m.toString(), v);
    }

    /** The Walrus rule a Move abort or execution failure means. */
    static Rule ruleOf(String phase, ExecutionStatus.Failure failure) {
        String kind = failure.kind();
        if (kind.equals("INSUFFICIENT_GAS")) {
            return Rule.INSUFFICIENT_GAS;
        }
        if (kind.equals("INSUFFICIENT_COIN_BALANCE")) {
            return Rule.INSUFFICIENT_BALANCE;
        }
        Optional<ExecutionStatus.MoveAbort> abort = failure.abort();
        if (abort.isEmpty()) {
            return Rule.EXECUTION_FAILED;
        }
        long code = abort.get().abortCode();
        switch (abort.get().module()) {
            case "balance":
            case "coin":
                return code == 2 || abort.get().module().equals("coin") ? Rule.INSUFFICIENT_BALANCE : Rule.EXECUTION_FAILED;
            case "system_state_inner":
                return code == 1 ? Rule.STORAGE_EXCEEDED : code == 2 ? Rule.INVALID_EPOCHS_AHEAD
                        : code == 3 ? Rule.EPOCH_MISMATCH : code == 11 ? Rule.INVALID_ARGUMENT : Rule.EXECUTION_FAILED;
            case "messages":
                return code == 1 ? Rule.EPOCH_MISMATCH : Rule.INVALID_MESSAGE;
            case "bls_aggregate":
                return code == 0 ? Rule.INVALID_BITMAP : code == 1 ? Rule.SIGNATURE_INVALID
                        : code == 2 ? Rule.NOT_ENOUGH_WEIGHT : Rule.EXECUTION_FAILED;
            case "blob":
                return switch ((int) code) {
                    case 0 -> Rule.NOT_CERTIFIED;
                    case 1 -> Rule.BLOB_NOT_DELETABLE;
                    case 2 -> Rule.RESOURCE_BOUNDS;
                    case 3 -> Rule.RESOURCE_SIZE;
                    case 5 -> Rule.ALREADY_CERTIFIED;
                    case 6 -> phase.equals("certify") ? Rule.BLOB_ID_MISMATCH : Rule.INVALID_BLOB_ID;
                    case 9 -> Rule.PERSISTENCE_TYPE_MISMATCH;
                    case 10 -> Rule.OBJECT_ID_MISMATCH;
                    default -> Rule.EXECUTION_FAILED;
                };
            case "staking_inner":
                // epoch_sync_done: EInvalidSyncEpoch (1), EDuplicateSyncDone (2), ENotInCommittee (4)
                return code == 1 || code == 2 ? Rule.EPOCH_CHANGE_IN_PROGRESS : code == 4 ? Rule.NOT_IN_COMMITTEE
                        : Rule.EXECUTION_FAILED;
            case "encoding":
            case "redstuff":
                return Rule.UNSUPPORTED_ENCODING_TYPE;
            default:
                return Rule.EXECUTION_FAILED;
        }
    }

    /** Why a full node refused a transaction, from its words (Sui's UserInputError texts). */
    static Rule rejectionRule(String description) {
        String d = description.toLowerCase(Locale.ROOT);
        if (d.contains("available for consumption") || d.contains("locked") || d.contains("equivocat")
                || d.contains("reserved for another transaction") || d.contains("objectversionunavailable")
                || d.contains("does not exist") || d.contains("deleted") || d.contains("objectnotfound")) {
            // the client's view of one of its input objects (a coin, a blob object) is out of date
            return Rule.STALE_OBJECT_VERSION;
        }
        if (d.contains("gas") && (d.contains("balance") || d.contains("budget") || d.contains("insufficient"))) {
            return Rule.INSUFFICIENT_GAS;
        }
        return Rule.TRANSACTION_REJECTED;
    }

    static Map<String, Object> values(String phase, Object... keyValues) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("phase", phase);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            v.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return v;
    }

    private static boolean sameType(String a, String b) {
        try {
            return TypeTag.parse(a).toCanonicalString().equals(TypeTag.parse(b).toCanonicalString());
        } catch (RuntimeException e) {
            return a.equals(b);
        }
    }
}
