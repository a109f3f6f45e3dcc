package dev.walrusstream.app.cli;

import picocli.CommandLine.ParameterException;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A hint for the one command-line mistake picocli cannot explain: a blob, quilt-patch or object ID in
 * base64url may begin with '-', and is then read as an unknown option. Such IDs go after {@code --}.
 */
public final class DashedIdHint {
    /** Base64url without padding, at least as long as a 32-byte blob ID (43 characters). */
    private static final Pattern DASHED_ID = Pattern.compile("-[A-Za-z0-9_-]{42,}");

    private DashedIdHint() {
    }

    /**
     * The hint for this parse error, when an argument before any {@code --} looks like a dashed ID (picocli
     * then reports it as an unknown option, or the ID as missing).
     */
    public static Optional<String> of(ParameterException error, String[] args) {
        return Arrays.stream(args)
                .takeWhile(arg -> !arg.equals("--"))
                .filter(arg -> DASHED_ID.matcher(arg).matches())
                .findFirst()
                .map(arg -> "hint: '" + arg + "' looks like an ID that begins with '-'; put IDs after '--', e.g. "
                        + "walrus-stream " + commandPath(error) + " [OPTIONS] -- " + arg);
    }

    private static String commandPath(ParameterException error) {
        return error.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+\\s*", "");
    }
}
