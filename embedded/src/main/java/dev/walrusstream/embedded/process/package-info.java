/**
 * Child processes, in one place: {@link dev.walrusstream.embedded.process.ChildJvm} starts and
 * supervises a Java process of its own (log file, readiness, orderly stop or SIGKILL, peak memory);
 * {@link dev.walrusstream.embedded.process.ExitWithParent} (put on a child's class path by
 * {@link dev.walrusstream.embedded.process.ChildLauncherJar}) makes every child exit when its parent
 * dies; {@link dev.walrusstream.embedded.process.FreePorts} and
 * {@link dev.walrusstream.embedded.process.ProcessMemory} are what starting and measuring them
 * needs. This is the one child-process supervisor: the embedded schema registry, every process
 * {@code deploy} starts (Kafka, the Flink JobManager and TaskManagers, LocalChain, storage nodes) and the
 * ITs that run the launcher as a process of its own use {@code ChildJvm}.
 */
package dev.walrusstream.embedded.process;
