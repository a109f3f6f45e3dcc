package dev.walrusstream.deploy;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The submit sequence against a scripted JobManager REST endpoint: request paths and bodies, waiting
 * for every task to run, and each way it can fail, with the reason the user sees. (The real
 * JobManager is exercised by job-dist's ClusterIT.)
 */
class JobSubmitterTest {
    @TempDir
    Path dir;
    HttpServer server;
    final Map<String, String[]> answers = new ConcurrentHashMap<>(); // "METHOD path" -> {status, body}
    final List<String> requests = new ArrayList<>();
    final AtomicInteger jobPolls = new AtomicInteger();
    String jobManager;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String key = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            synchronized (requests) {
                requests.add(key + (key.endsWith("/run") ? " " + new String(body, StandardCharsets.UTF_8) : "")
                        + (key.endsWith("/upload") ? " " + ex.getRequestHeaders().getFirst("Content-Type").split(";")[0]
                        + " " + body.length : ""));
            }
            if (key.startsWith("GET /jobs/j1") && !key.endsWith("exceptions") && !key.endsWith("checkpoints")) {
                jobPolls.incrementAndGet();
            }
            String[] a = answers.getOrDefault(key, new String[]{"404", "{\"errors\":[\"Not found: " + key + "\"]}"});
            if (key.equals("GET /jobs/j1") && jobPolls.get() < 3 && answers.containsKey("GET /jobs/j1#early")) {
                a = answers.get("GET /jobs/j1#early");
            }
            byte[] out = a[1].getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(Integer.parseInt(a[0]), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        jobManager = "127.0.0.1:" + server.getAddress().getPort();
        answers.put("GET /overview", new String[]{"200",
                "{\"taskmanagers\":1,\"slots-total\":2,\"slots-available\":2,\"jobs-running\":0,\"flink-version\":\"2.2.1\"}"});
        answers.put("POST /jars/upload", new String[]{"200", "{\"filename\":\"/tmp/flink-web/abc_job.jar\",\"status\":\"success\"}"});
        answers.put("DELETE /jars/abc_job.jar", new String[]{"200", "{}"});
        answers.put("GET /jobs/overview", new String[]{"200", "{\"jobs\":[]}"});
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private JobSubmission submission() throws IOException {
        Path jar = dir.resolve("job.jar");
        Files.write(jar, new byte[1234]);
        return JobSubmission.builder(jar).args(List.of("--config", "/etc/walrus/job.properties", "parallelism=2"))
                .parallelism(2).build();
    }

    private SubmitOutcome submit(String skipIfRunning) throws Exception {
        return new JobSubmitter(new FlinkRestClient(jobManager, Duration.ofSeconds(5)), Duration.ofSeconds(5),
                Duration.ofMillis(20)).submit(submission(), skipIfRunning, line -> { });
    }

    @Test
    void uploadsRunsAndWaitsUntilEveryTaskRuns() throws Exception {
        answers.put("POST /jars/abc_job.jar/run", new String[]{"200", "{\"jobid\":\"j1\"}"});
        answers.put("GET /jobs/j1#early", new String[]{"200", "{\"jid\":\"j1\",\"state\":\"RUNNING\",\"vertices\":["
                + "{\"name\":\"source\",\"parallelism\":2,\"status\":\"RUNNING\"},{\"name\":\"sink\",\"parallelism\":2,\"status\":\"SCHEDULED\"}]}"});
        answers.put("GET /jobs/j1", new String[]{"200", "{\"jid\":\"j1\",\"state\":\"RUNNING\",\"vertices\":["
                + "{\"name\":\"source\",\"parallelism\":2,\"status\":\"RUNNING\"},{\"name\":\"sink\",\"parallelism\":2,\"status\":\"RUNNING\"}]}"});
        SubmitOutcome.Running r = assertInstanceOf(SubmitOutcome.Running.class, submit(null));
        assertEquals("j1", r.jobId());
        assertTrue(jobPolls.get() >= 3, "waits while a task is only SCHEDULED: " + jobPolls.get());
        assertEquals("GET /overview", requests.get(0));
        assertTrue(requests.get(1).startsWith("POST /jars/upload multipart/form-data "), requests.get(1));
        assertEquals("POST /jars/abc_job.jar/run {\"programArgsList\":[\"--config\",\"/etc/walrus/job.properties\","
                + "\"parallelism=2\"],\"parallelism\":2}", requests.get(2));
        assertTrue(requests.contains("DELETE /jars/abc_job.jar"), "the uploaded jar is removed again: " + requests);
    }

    @Test
    void aMainMethodThatThrowsIsReportedWithItsMessage() throws Exception {
        answers.put("POST /jars/abc_job.jar/run", new String[]{"400", "{\"errors\":[\"org.apache.flink.runtime.rest.handler."
                + "RestHandlerException: Could not execute application.\\n\\tat org.apache.flink.X.y(X.java:1)\\nCaused by: "
                + "org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: job setting "
                + "kafka.bootstrap is required (Kafka bootstrap servers (HOST:PORT,...))\\n\\tat a.b(C.java:2)\"]}"});
        SubmitOutcome.Failed f = assertInstanceOf(SubmitOutcome.Failed.class, submit(null));
        assertEquals("run", f.phase());
        assertTrue(f.reason().contains("answered 400: the job's main method failed: job setting kafka.bootstrap is "
                + "required"), f.reason());
    }

    @Test
    void aJobThatFailsWhileStartingIsReportedWithItsRootException() throws Exception {
        answers.put("POST /jars/abc_job.jar/run", new String[]{"200", "{\"jobid\":\"j1\"}"});
        answers.put("GET /jobs/j1", new String[]{"200", "{\"jid\":\"j1\",\"state\":\"FAILED\",\"vertices\":[]}"});
        answers.put("GET /jobs/j1/exceptions", new String[]{"200", "{\"root-exception\":\"java.lang.RuntimeException: "
                + "boom\\n\\tat x.y(Z.java:1)\\nCaused by: java.lang.NoClassDefFoundError: jdk/incubator/vector/Vector\"}"});
        SubmitOutcome.Failed f = assertInstanceOf(SubmitOutcome.Failed.class, submit(null));
        assertEquals("start", f.phase());
        assertEquals("j1", f.jobId());
        assertTrue(f.reason().contains("the job is FAILED: java.lang.NoClassDefFoundError: jdk/incubator/vector/Vector"),
                f.reason());
    }

    @Test
    void aRunningJobOfTheSameNameIsLeftAlone() throws Exception {
        answers.put("GET /jobs/overview", new String[]{"200", "{\"jobs\":[{\"jid\":\"old\",\"name\":\"walrus-stream encode job\","
                + "\"state\":\"CANCELED\"},{\"jid\":\"j9\",\"name\":\"walrus-stream encode job\",\"state\":\"RESTARTING\"}]}"});
        SubmitOutcome.AlreadyRunning a = assertInstanceOf(SubmitOutcome.AlreadyRunning.class,
                submit("walrus-stream encode job"));
        assertEquals("j9", a.jobId());
        assertEquals("RESTARTING", a.state());
        assertTrue(requests.stream().noneMatch(r -> r.contains("/jars/")), "nothing uploaded: " + requests);
    }

    @Test
    void anUnreachableJobManagerFailsAtConnect() throws Exception {
        server.stop(0);
        SubmitOutcome.Failed f = assertInstanceOf(SubmitOutcome.Failed.class, submit(null));
        assertEquals("connect", f.phase());
        assertTrue(f.reason().contains("the JobManager at http://" + jobManager + " does not answer"), f.reason());
    }

    @Test
    void addressesAreCheckedBeforeAnyCall() {
        assertEquals("http://flink:8081", FlinkRestClient.baseUri("flink:8081").toString());
        assertEquals("https://flink.example:443/api", FlinkRestClient.baseUri("https://flink.example:443/api/").toString());
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class, () -> FlinkRestClient.baseUri("flink"));
        assertTrue(noPort.getMessage().contains("'flink' must be HOST:PORT"), noPort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlinkRestClient.baseUri("ftp://flink:21"));
        assertThrows(IllegalArgumentException.class, () -> FlinkRestClient.baseUri(" "));
    }
}
