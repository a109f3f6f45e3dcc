package dev.walrusstream.jobdist;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's module map matches the build: every module of the root {@code pom.xml} has a row in
 * the map, and every row naming a Maven module names one the build has.
 */
class ModuleMapTest {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    /** A map row's first cell: {@code | `name/` |} or {@code | `a`, `b` |} (the runtimes row), before any note. */
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+?`)(?: \\(not Maven\\))? \\|", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("`([a-z0-9/-]+?)/?`");

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no README.md above " + Path.of("").toAbsolutePath());
        return dir;
    }

    @Test
    void everyBuildModuleHasARowAndEveryRowABuildModule() throws IOException {
        Path root = root();
        Set<String> built = new LinkedHashSet<>();
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (m.find()) {
            built.add(m.group(1).trim());
        }
        String readme = Files.readString(root.resolve("README.md"));
        String map = readme.substring(readme.indexOf("## Modules"), readme.indexOf("## Limits"));
        Set<String> rows = new LinkedHashSet<>();
        List<String> notMaven = new ArrayList<>();
        Matcher r = ROW.matcher(map);
        while (r.find()) {
            boolean maven = !r.group(0).contains("(not Maven)");
            Matcher n = NAME.matcher(r.group(1));
            while (n.find()) {
                (maven ? rows : notMaven).add(n.group(1));
            }
        }
        rows.remove("module");
        Set<String> missing = new LinkedHashSet<>(built);
        missing.removeAll(rows);
        Set<String> unknown = new LinkedHashSet<>(rows);
        unknown.removeAll(built);
        assertEquals(Set.of(), missing, "build modules without a row in README.md's module map");
        assertEquals(Set.of(), unknown, "README.md module-map rows naming no build module (mark non-Maven rows '(not Maven)')");
        for (String dir : notMaven) {
            assertTrue(Files.isDirectory(root.resolve(dir)), "README.md's module map names " + dir + "/, which does not exist");
        }
    }
}
