package dev.walrusstream.chain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Why a chain operation did not happen: a rule refused it, or the chain could not be reached. */
public abstract sealed class ChainException extends RuntimeException
        permits ChainException.RuleViolation, ChainException.Unavailable {
    private static final long serialVersionUID = 1L;

    ChainException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A Walrus system rule refused the operation; nothing changed on chain. */
    public static final class RuleViolation extends ChainException {
        private static final long serialVersionUID = 1L;
        private final Rule rule;
        private final transient Map<String, String> values;

        public RuleViolation(Rule rule, String message, Map<String, ?> values) {
            super(rule + ": " + message, null);
            this.rule = rule;
            Map<String, String> v = new LinkedHashMap<>();
            values.forEach((k, x) -> v.put(k, String.valueOf(x)));
            this.values = Collections.unmodifiableMap(v);
        }

        public Rule rule() {
            return rule;
        }

        /** The offending values, by name. */
        public Map<String, String> values() {
            return values;
        }

        /** The message without the rule prefix. */
        public String detail() {
            String m = getMessage();
            return m.substring(m.indexOf(": ") + 2);
        }

        /**
         * This refusal of call {@code index} of a batch of {@code size} calls, re-made naming the call:
         * the rule and values kept, {@code key} = {@code subject} and {@code batchIndex} = {@code index}
         * added, the message {@code "<doing> <subject> (call i of n): <detail>"}. A refusal that already
         * names its place in a batch ({@code batchIndex} among its values) is returned as it is.
         */
        public RuleViolation inBatch(String doing, String key, Object subject, int index, int size) {
            if (values.containsKey("batchIndex")) {
                return this;
            }
            Map<String, Object> named = new LinkedHashMap<>(values);
            named.put(key, subject);
            named.put("batchIndex", index);
            return new RuleViolation(rule, doing + " " + subject + " (call " + (index + 1) + " of " + size + "): "
                    + detail(), named);
        }
    }

    /** The chain did not answer, or answered something that is not a chain response. */
    public static final class Unavailable extends ChainException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static RuleViolation violation(Rule rule, String message, Object... keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            values.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return new RuleViolation(rule, message, values);
    }
}
