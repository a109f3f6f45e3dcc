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
