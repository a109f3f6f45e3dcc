package dev.walrusstream.ingest.format;

import dev.walrusstream.schemas.Attributes;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the member list of a {@code .tar} (headers only: the reader seeks over member data) and decides whether
 * it is a WebDataset shard: every regular member is named {@code <key>.<extension>}, where the key is the path up
 * to the first dot of the base name, as WebDataset splits it. Samples = distinct keys. Base names starting with a
 * dot (editor and macOS leftovers) are ignored, as WebDataset ignores them.
 */
public final class WebDatasetInspector {
    private WebDatasetInspector() {
    }

    /** Sample key and extension of a member path, or empty when the name has no extension. */
    public static Optional<String[]> split(String memberPath) {
        int slash = memberPath.lastIndexOf('/');
        String dir = memberPath.substring(0, slash + 1);
        String base = memberPath.substring(slash + 1);
        int dot = base.indexOf('.');
        if (dot <= 0 || dot == base.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new String[] {dir + base.substring(0, dot), base.substring(dot + 1)});
    }

    public static Recognition inspect(Path tar) {
        Set<String> keys = new LinkedHashSet<>();
        Set<String> extensions = new TreeSet<>();
        int regular = 0;
        boolean allSplit = true;
        try (TarFile file = new TarFile(tar)) {
            for (TarArchiveEntry e : file.getEntries()) {
                if (!e.isFile()) {
                    continue;
                }
                String name = e.getName();
                regular++;
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (base.startsWith(".")) {
                    continue;
                }
                Optional<String[]> parts = split(name);
                if (parts.isEmpty()) {
                    allSplit = false;
                    continue;
                }
                keys.add(parts.get()[0]);
                extensions.add(parts.get()[1]);
            }
        } catch (IOException | RuntimeException e) {
            return new Recognition(ContentTypes.TAR, Map.of(), Optional.of(tar + " has a .tar name but is not a"
                    + " readable tar archive (" + e.getMessage() + "); uploading it as plain bytes"));
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put(Attributes.TAR_ENTRIES, Integer.toString(regular));
        if (allSplit && !keys.isEmpty()) {
            attrs.put(Attributes.FORMAT, Attributes.FORMAT_WEBDATASET);
            attrs.put(Attributes.SAMPLES, Integer.toString(keys.size()));
            attrs.put(Attributes.WEBDATASET_EXTENSIONS, String.join(",", extensions));
            attrs.put(Attributes.WEBDATASET_FIRST_KEY, keys.iterator().next());
            String last = null;
            for (String k : keys) {
                last = k;
            }
            attrs.put(Attributes.WEBDATASET_LAST_KEY, last);
        } else {
            attrs.put(Attributes.FORMAT, Attributes.FORMAT_TAR);
        }
        return new Recognition(ContentTypes.TAR, attrs, Optional.empty());
    }
}
