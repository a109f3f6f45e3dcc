package dev.walrusstream.deploy;

import java.util.List;

/** Turns Flink's error strings (often whole stack traces) into one line a user can act on. */
final class FlinkErrors {
    /** Longest summary returned. */
    static final int MAX_SUMMARY = 600;
    private static final String MAIN_FAILED = "The main method caused an error: ";

    private FlinkErrors() {
    }

    /**
     * The most telling line of {@code errors}: what the job's main method threw when there is such a
     * line, else the innermost {@code Caused by}, else the first line.
     */
    static String summary(List<String> errors) {
        String mainError = null;
        String rootCause = null;
        String first = null;
        for (String error : errors) {
            if (error == null || error.isBlank()) {
                continue;
            }
            for (String raw : error.split("\\R")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("at ") || line.startsWith("...")) {
                    continue;
                }
                if (first == null) {
                    first = line;
                }
                int main = line.indexOf(MAIN_FAILED);
                if (main >= 0 && mainError == null) {
                    mainError = line.substring(main + MAIN_FAILED.length());
                }
                if (line.startsWith("Caused by: ")) {
                    rootCause = line.substring("Caused by: ".length());
                }
            }
        }
        String s = mainError != null ? "the job's main method failed: " + mainError
                : rootCause != null ? rootCause : first != null ? first : "(no details)";
        return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY) + "…";
    }
}
