package dev.walrusstream.jobdist;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The job jar carries what the job runs and nothing of the development rooms: no devnet class
 * (LocalLedger, LocalChain and its server, LocalSui and its gRPC server, LocalNetwork), no
 * emulator, no embedded broker or registry, no test support, no launcher. LocalChain's HTTP client
 * stays: it is how the job reaches a chain of kind {@code local}. It does carry both chain
 * providers the job opens chains through ({@code local} over HTTP, {@code sui}), registered for
 * {@code ServiceLoader}.
 */
class JobJarContentsIT {
    static final Path JAR = Path.of("target", "walrus-stream-job.jar");
    static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("dev/walrusstream/devnet/.*"),
            Pattern.compile("dev/walrusstream/testsupport/.*"),
            Pattern.compile("dev/walrusstream/embedded/.*"),
            Pattern.compile("dev/walrusstream/app/.*"),
            Pattern.compile("dev/walrusstream/deploy/.*"),
            Pattern.compile("dev/walrusstream/sui/local/.*"),
            Pattern.compile("dev/walrusstream/chain/local/.*"),
            // the ledger, its servers and emulators wherever they might land; LocalChainHttpClient (the
            // client of kind local the job needs) is allowed
            Pattern.compile("dev/walrusstream/.*/(LocalLedger|LocalChain|LocalChainHttpServer|LocalSui[A-Za-z]*"
                    + "|LocalNetwork|ChainBackend|Fake[A-Za-z]*)(\\$.*)?\\.class"));

    @Test
    void carriesNoDevnetEmulatorOrTestSupportClass() throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is missing: build it with mvn -pl job-dist -am package");
        List<String> offending = new ArrayList<>();
        int ours = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String name = e.getName();
                if (name.startsWith("dev/walrusstream/") && name.endsWith(".class")) {
                    ours++;
                }
                if (FORBIDDEN.stream().anyMatch(p -> p.matcher(name).matches())) {
                    offending.add(name);
                }
            }
        }
        assertTrue(ours > 100, "the job jar holds only " + ours + " of our classes: not the job jar?");
        if (!offending.isEmpty()) {
            fail(offending.size() + " development classes in " + JAR + ", first: "
                    + offending.subList(0, Math.min(20, offending.size())));
        }
    }

    @Test
    void registersBothChainProviders() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            JarEntry services = jar.getJarEntry("META-INF/services/dev.walrusstream.chain.ChainProvider");
            assertTrue(services != null, "the job jar registers no chain provider");
            String text = new String(jar.getInputStream(services).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            List<String> providers = text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .sorted().toList();
            assertEquals(List.of("dev.walrusstream.chain.http.LocalChainProvider",
                    "dev.walrusstream.sui.chain.SuiChainProvider"), providers);
            for (String p : providers) {
                assertTrue(jar.getJarEntry(p.replace('.', '/') + ".class") != null, p + " is registered but missing");
            }
        }
    }
}
