package dev.walrusstream.deploy.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every memory component of a TaskManager, in MiB. {@code bin/taskmanager.sh} normally derives these from
 * {@code taskmanager.memory.process.size} and turns them into JVM options; a TaskManager started as a raw
 * JVM ({@code TaskManagerRunner}) needs them spelled out in its configuration (it refuses to start with
 * "taskmanager.cpu.cores ... is not set" and then fails in {@code calculateTotalProcessMemoryFromComponents}
 * otherwise), and its JVM options must match them. {@link #processMiB()} is what a
 * {@code taskmanager.memory.process.size} of a Flink distribution would have to be for the same layout.
 */
public record TaskManagerMemory(int frameworkHeap, int taskHeap, int frameworkOffHeap, int taskOffHeap,
                                int network, int managed, int metaspace, int overhead) {
    /**
     * What the cluster tests use: task heap for a few blobs being encoded per slot (a blob in flight
     * holds its bytes and its slivers, about 5× the blob with 10 shards), no RocksDB (managed memory
     * small: the job keeps its state on the heap).
     */
    public static final TaskManagerMemory DEFAULTS = new TaskManagerMemory(128, 768, 128, 64, 64, 64, 256, 192);

    public TaskManagerMemory {
        for (int v : new int[]{frameworkHeap, taskHeap, frameworkOffHeap, network, metaspace, overhead}) {
            if (v < 1) {
                throw new IllegalArgumentException("every TaskManager memory component except task off-heap and "
                        + "managed memory must be at least 1 MiB: " + this);
            }
        }
        if (taskOffHeap < 0 || managed < 0) {
            throw new IllegalArgumentException("task off-heap and managed memory must be 0 or more MiB: " + this);
        }
    }

    /** The same layout with another task heap. */
    public TaskManagerMemory withTaskHeapMiB(int mib) {
        return new TaskManagerMemory(frameworkHeap, mib, frameworkOffHeap, taskOffHeap, network, managed, metaspace,
                overhead);
    }

    public int heapMiB() {
        return frameworkHeap + taskHeap;
    }

    public int directMiB() {
        return frameworkOffHeap + taskOffHeap + network;
    }

    public int processMiB() {
        return heapMiB() + directMiB() + managed + metaspace + overhead;
    }

    /** The {@code taskmanager.memory.*} entries of {@code config.yaml}. */
    public Map<String, String> configuration() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("taskmanager.memory.process.size", processMiB() + "m");
        c.put("taskmanager.memory.framework.heap.size", frameworkHeap + "m");
        c.put("taskmanager.memory.task.heap.size", taskHeap + "m");
        c.put("taskmanager.memory.framework.off-heap.size", frameworkOffHeap + "m");
        c.put("taskmanager.memory.task.off-heap.size", taskOffHeap + "m");
        c.put("taskmanager.memory.network.min", network + "m");
        c.put("taskmanager.memory.network.max", network + "m");
        c.put("taskmanager.memory.managed.size", managed + "m");
        c.put("taskmanager.memory.jvm-metaspace.size", metaspace + "m");
        c.put("taskmanager.memory.jvm-overhead.min", overhead + "m");
        c.put("taskmanager.memory.jvm-overhead.max", overhead + "m");
        return c;
    }

    /** The JVM options {@code bin/taskmanager.sh} would derive from the same layout. */
    public List<String> jvmOptions() {
        return List.of("-Xmx" + heapMiB() + "m", "-Xms" + heapMiB() + "m", "-XX:MaxDirectMemorySize=" + directMiB() + "m",
                "-XX:MaxMetaspaceSize=" + metaspace + "m");
    }
}
