package dev.walrusstream.embedded.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident memory of a process from {@code /proc/<pid>/status} (Linux); empty elsewhere. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Peak resident set size (VmHWM) in bytes. */
    public static OptionalLong peakRss(long pid) {
        return field(pid, "VmHWM:");
    }

    /** Current resident set size (VmRSS) in bytes. */
    public static OptionalLong rss(long pid) {
        return field(pid, "VmRSS:");
    }

    private static OptionalLong field(long pid, String name) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
