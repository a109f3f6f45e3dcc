package dev.walrusstream.devnet.chain;

import dev.walrusstream.devnet.chain.ChainForms.Kind;
import dev.walrusstream.devnet.chain.ChainForms.Net;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The per-test life of a {@link ChainForms} net, as a JUnit 5 extension: a test opens one net of the
 * kind it is given in a fresh temporary directory, and after the test the net is closed and the
 * directory removed, whether the test passed or not.
 *
 * <pre>{@code
 * @RegisterExtension
 * final ChainFormsExtension forms = new ChainFormsExtension();
 *
 * @ParameterizedTest
 * @EnumSource(Kind.class)
 * void x(Kind kind) throws Exception {
 *     Net net = forms.open(kind);
 *     ...
 * }
 * }</pre>
 */
final class ChainFormsExtension implements AfterEachCallback {
    private Path dir;
    private Net net;

    /** Opens this test's net of {@code kind} (one a test) in a fresh temporary directory. */
    Net open(Kind kind) throws Exception {
        if (net != null) {
            throw new IllegalStateException("this test already opened a net (in " + dir + "); a test opens one, asked for "
                    + kind);
        }
        dir = Files.createTempDirectory("chain-forms-" + kind.name().toLowerCase() + "-");
        net = ChainForms.open(kind, dir);
        return net;
    }

    /** The net this test opened. */
    Net net() {
        if (net == null) {
            throw new IllegalStateException("no net open: call open(kind) first");
        }
        return net;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (net != null) {
                net.close();
            }
        } finally {
            net = null;
            Path opened = dir;
            dir = null;
            if (opened != null) {
                delete(opened);
            }
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + p + " of the test's directory " + root, e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
