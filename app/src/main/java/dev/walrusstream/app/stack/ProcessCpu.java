package dev.walrusstream.app.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of another process on this machine, such as a child JVM that hosts the storage network of a
 * benchmark: all its threads, and its JIT compiler threads apart. {@link CpuMeter} measures this
 * process; this measures one beside it, so that a benchmark can tell the client's CPU from the nodes'.
 *
 * @param pid the process's id
 */
public record ProcessCpu(long pid) {
    public ProcessCpu {
        if (pid <= 0) {
            throw new IllegalArgumentException("a process id must be positive, got " + pid);
        }
    }

    /**
     * Every thread's CPU so far, in nanoseconds (the kernel's account, in clock ticks of 10 ms on Linux);
     * fails naming the process when it has ended or the platform does not tell.
     */
    public long cpuNanos() {
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("process " + pid + " has ended: its CPU time is gone"));
        return process.info().totalCpuDuration().map(Duration::toNanos)
                .orElseThrow(() -> new IllegalStateException("this platform does not report the CPU time of process "
                        + pid));
    }

    /**
     * Its JIT compiler threads' CPU so far, in nanoseconds ({@code /proc/PID/task}); -1 where there is no
     * such account (not Linux, or the process has ended).
     */
    public long compilerNanos() {
        return CpuMeter.compilerCpuNanos(Path.of("/proc", Long.toString(pid), "task"));
    }
}
