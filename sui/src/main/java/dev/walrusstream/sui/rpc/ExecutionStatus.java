package dev.walrusstream.sui.rpc;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Outcome of executing a transaction (a failed transaction still pays gas). */
public sealed interface ExecutionStatus permits ExecutionStatus.Success, ExecutionStatus.Failure, ExecutionStatus.NotRead {

    Success SUCCESS = new Success();
    NotRead NOT_READ = new NotRead();

    boolean isSuccess();

    record Success() implements ExecutionStatus {
        @Override
        public boolean isSuccess() {
            return true;
        }
    }

    /** The response did not carry a status (the read mask left {@code effects.status} out). */
    record NotRead() implements ExecutionStatus {
        @Override
        public boolean isSuccess() {
            return false;
        }
    }

    /**
     * Why execution failed: the description, the index of the failing command, the error kind
     * (e.g. MOVE_ABORT, INSUFFICIENT_GAS, INSUFFICIENT_COIN_BALANCE) and, for Move aborts, where.
     */
    record Failure(String description, OptionalLong command, String kind, Optional<MoveAbort> abort)
            implements ExecutionStatus {
        public Failure {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(abort, "abort");
        }

        @Override
        public boolean isSuccess() {
            return false;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(kind);
            command.ifPresent(c -> sb.append(" in command ").append(c));
            abort.ifPresent(a -> sb.append(": ").append(a));
            if (!description.isEmpty()) {
                sb.append(" (").append(description).append(')');
            }
            return sb.toString();
        }
    }

    /** A Move abort: the code and the module/function that aborted (e.g. walrus system_state_inner). */
    record MoveAbort(long abortCode, String packageId, String module, String function) {
        @Override
        public String toString() {
            return "abort code " + abortCode + " in " + module + (function.isEmpty() ? "" : "::" + function);
        }
    }
}
