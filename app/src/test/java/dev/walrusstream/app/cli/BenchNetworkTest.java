package dev.walrusstream.app.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchNetworkTest {
    @Test
    void theNetworksJvmTakesThisJvmsOptionsButNotItsAgentsOrRecordings() {
        List<String> mine = List.of("-Xms4g", "-XX:+AlwaysPreTouch", "-Xmx4g", "-XX:+UseParallelGC",
                "--add-modules=jdk.incubator.vector", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-javaagent:/tmp/jacoco.jar=destfile=a.exec", "-agentpath:/opt/async/libasyncProfiler.so=start",
                "-XX:StartFlightRecording=filename=a.jfr", "-XX:FlightRecorderOptions=stackdepth=96",
                "-Xrunjdwp:transport=dt_socket", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Dwalrus.home=/w");
        assertEquals(List.of("-Xms4g", "-XX:+AlwaysPreTouch", "-Xmx4g", "-XX:+UseParallelGC",
                        "--add-modules=jdk.incubator.vector", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                        "-Dwalrus.home=/w"),
                BenchNetwork.OwnJvm.childOptions(mine));
    }
}
