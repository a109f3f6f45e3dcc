package dev.walrusstream.app.cli;

import java.nio.file.Path;

/** Where a relative name (a quilt identifier, a dataset file path) lands under an output directory, refusing escapes. */
final class SafePaths {
    private SafePaths() {
    }

    /**
     * {@code dir/name}, with '/' in the name making sub-directories. Refuses absolute names, empty and
     * {@code ..} segments, backslashes and NUL: anything that could land outside {@code dir}.
     */
    static Path under(Path dir, String name, String what) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a relative path; refusing to write it under "
                    + dir);
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException(what + " '" + name + "' has a '" + segment + "' segment that could escape "
                        + dir + "; refusing to write it");
            }
        }
        Path root = dir.toAbsolutePath().normalize();
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException(what + " '" + name + "' resolves to " + target + ", outside " + root);
        }
        return target;
    }
}
