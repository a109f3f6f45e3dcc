/**
 * Fixtures the integration tests of several modules share (a test-scoped dependency only):
 * {@link dev.walrusstream.testsupport.Networks} starts local networks on either chain backend and reads
 * what their nodes hold; {@link dev.walrusstream.testsupport.NodeSlivers} asks nodes which slivers they
 * serve; {@link dev.walrusstream.testsupport.TestJvms} starts a main class of the test's class path as a
 * supervised child JVM; {@link dev.walrusstream.testsupport.WorkDirs} keeps a failed test's work
 * directory (and its processes' logs) under {@code target/}.
 */
package dev.walrusstream.testsupport;
