package dev.walrusstream.app.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CPU of a set of named processes on this machine over a window, summed by role: a process's role is
 * its name without a trailing {@code -N} ({@code node-0} … {@code node-9} are all {@code node},
 * {@code taskmanager-0} is {@code taskmanager}). For a benchmark whose components run as processes of
 * their own, this tells the job's CPU from the broker's, the nodes' and the ledger's.
 */
public final class RoleCpu {
    private final Map<String, ProcessCpu> processes;

    private RoleCpu(Map<String, ProcessCpu> processes) {
        this.processes = processes;
    }

    /** The processes to follow, by name (each name once). */
    public static RoleCpu of(Map<String, Long> pidsByName) {
        Map<String, ProcessCpu> p = new LinkedHashMap<>();
        pidsByName.forEach((name, pid) -> p.put(Objects.requireNonNull(name, "name"), new ProcessCpu(pid)));
        return new RoleCpu(p);
    }

    /** Each process's CPU so far, in nanoseconds, by name: the start of a window. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        processes.forEach((name, cpu) -> out.put(name, cpu.cpuNanos()));
        return out;
    }

    /**
     * The CPU each role spent since {@code start} (a {@link #snapshot()}), in nanoseconds, roles in the
     * order their first process was given; fails naming a process the snapshot does not hold.
     */
    public Map<String, Long> byRoleSince(Map<String, Long> start) {
        Map<String, Long> out = new LinkedHashMap<>();
        processes.forEach((name, cpu) -> {
            Long before = start.get(name);
            if (before == null) {
                throw new IllegalArgumentException("the snapshot has no figure for process " + name + "; it holds "
                        + start.keySet());
            }
            out.merge(role(name), cpu.cpuNanos() - before, Long::sum);
        });
        return out;
    }

    /** A process name without its trailing {@code -N}. */
    static String role(String name) {
        return name.replaceFirst("-\\d+$", "");
    }
}
