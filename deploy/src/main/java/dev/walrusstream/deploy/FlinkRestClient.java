package dev.walrusstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The parts of Flink's REST API (the JobManager's {@code rest.port}, 8081 by default) that deploying
 * the job needs: cluster overview, jar upload and run, job status, exceptions, checkpoints, cancel.
 * Plain {@code java.net.http} and Jackson: no Flink classes, so the launcher can talk to any Flink 2.x
 * cluster. Every failure is a {@link FlinkRestException} naming the call and Flink's error.
 */
public final class FlinkRestClient {
    /** Flink's default {@code rest.server.max-content-length}: larger jars are refused by the JobManager. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 100L * 1024 * 1024;

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param jobManager {@code HOST:PORT} of the REST endpoint, or an {@code http(s)://} URL
     * @param timeout    per request (a jar upload gets this plus one second per MiB)
     */
    public FlinkRestClient(String jobManager, Duration timeout) {
        this.base = baseUri(jobManager);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Parses {@code HOST:PORT} or {@code http(s)://HOST:PORT[/path]}; bad input names what is wrong. */
    static URI baseUri(String jobManager) {
        if (jobManager == null || jobManager.isBlank()) {
            throw new IllegalArgumentException("JobManager address is empty; expected HOST:PORT of its REST endpoint");
        }
        String s = jobManager.strip();
        if (!s.contains("://")) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("JobManager address '" + jobManager + "' must be HOST:PORT "
                        + "(the REST port, 8081 by default) or an http(s):// URL");
            }
            s = "http://" + s;
        }
        URI uri;
        try {
            uri = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JobManager address '" + jobManager + "' is not a valid address: "
                    + e.getMessage(), e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("JobManager address '" + jobManager + "': scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("JobManager address '" + jobManager + "' needs a host and a port 1..65535");
        }
        return uri;
    }

    public URI baseUri() {
        return base;
    }

    /** What {@code GET /overview} says. */
    public record ClusterOverview(int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning,
                                  String flinkVersion) {
    }

    /** One row of {@code GET /jobs/overview}. */
    public record JobSummary(String id, String name, String state) {
    }

    /** {@code GET /jobs/:id}: the job's state and the state of each of its vertices (operator chains). */
    public record JobDetails(String id, String name, String state, List<Vertex> vertices) {
        /** True when the job and every vertex are RUNNING, i.e. all tasks are deployed. */
        public boolean fullyRunning() {
            return "RUNNING".equals(state) && !vertices.isEmpty()
                    && vertices.stream().allMatch(v -> "RUNNING".equals(v.status()));
        }
    }

    public record Vertex(String name, int parallelism, String status) {
    }

    /** {@code GET /jobs/:id/checkpoints}: counts and the last completed checkpoint's path (null when none). */
    /**
     * A job's checkpoint counts, and what its completed checkpoints wrote on average
     * ({@code summary.checkpointed_size.avg}: the bytes each checkpoint persisted; 0 before the first).
     */
    public record Checkpoints(long completed, long failed, long restored, String latestCompletedPath,
                              long checkpointedBytesAvg) {
        /** About what the completed checkpoints wrote in all: their count times their average. */
        public long checkpointedBytesTotal() {
            return completed * checkpointedBytesAvg;
        }
    }

    public ClusterOverview overview() throws FlinkRestException {
        JsonNode o = get("/overview");
        return new ClusterOverview(o.path("taskmanagers").asInt(), o.path("slots-total").asInt(),
                o.path("slots-available").asInt(), o.path("jobs-running").asInt(), o.path("flink-version").asText(""));
    }

    /** One row of {@code GET /taskmanagers}. */
    public record TaskManager(String id, int slots, int freeSlots) {
    }

    public List<TaskManager> taskManagers() throws FlinkRestException {
        List<TaskManager> out = new ArrayList<>();
        for (JsonNode t : get("/taskmanagers").path("taskmanagers")) {
            out.add(new TaskManager(t.path("id").asText(), t.path("slotsNumber").asInt(), t.path("freeSlots").asInt()));
        }
        return out;
    }

    public List<JobSummary> jobs() throws FlinkRestException {
        List<JobSummary> out = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            out.add(new JobSummary(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText()));
        }
        return out;
    }

    public JobDetails job(String jobId) throws FlinkRestException {
        JsonNode j = get("/jobs/" + path(jobId));
        List<Vertex> vertices = new ArrayList<>();
        for (JsonNode v : j.path("vertices")) {
            vertices.add(new Vertex(v.path("name").asText(), v.path("parallelism").asInt(), v.path("status").asText()));
        }
        return new JobDetails(j.path("jid").asText(jobId), j.path("name").asText(), j.path("state").asText(), vertices);
    }

    /** The root exception of the job's latest failure, if it had one. */
    public Optional<String> rootException(String jobId) throws FlinkRestException {
        JsonNode e = get("/jobs/" + path(jobId) + "/exceptions");
        JsonNode root = e.path("root-exception");
        if (root.isMissingNode() || root.isNull() || root.asText().isBlank()) {
            JsonNode history = e.path("exceptionHistory").path("entries");
            if (history.isArray() && !history.isEmpty()) {
                root = history.get(0).path("stacktrace");
            }
        }
        String text = root.isMissingNode() || root.isNull() ? "" : root.asText();
        return text.isBlank() ? Optional.empty() : Optional.of(FlinkErrors.summary(List.of(text)));
    }

    /** A job-level metric ({@code numRestarts}, …), or −1 when the JobManager does not report it (yet). */
    public long jobMetric(String jobId, String name) throws FlinkRestException {
        for (JsonNode m : get("/jobs/" + path(jobId) + "/metrics?get=" + path(name))) {
            if (name.equals(m.path("id").asText())) {
                try {
                    return (long) Double.parseDouble(m.path("value").asText());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /**
     * The values of every subtask's operator metric named {@code name} (for example the sink's
     * {@code walrusPaused}) across the job's vertices; empty while the metrics are not reported yet.
     */
    public List<Double> operatorMetric(String jobId, String name) throws FlinkRestException {
        List<Double> values = new ArrayList<>();
        for (String text : operatorMetricText(jobId, name)) {
            try {
                values.add(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                // a gauge not reported yet
            }
        }
        return values;
    }

    /** The values of every subtask's operator metric named {@code name} as reported (string gauges too). */
    public List<String> operatorMetricText(String jobId, String name) throws FlinkRestException {
        List<String> values = new ArrayList<>();
        for (JsonNode v : get("/jobs/" + path(jobId)).path("vertices")) {
            String vertex = "/jobs/" + path(jobId) + "/vertices/" + path(v.path("id").asText()) + "/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : get(vertex)) {
                String id = m.path("id").asText();
                if (id.endsWith("." + name)) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            for (JsonNode m : get(vertex + "?get=" + path(String.join(",", ids)))) {
                if (m.has("value")) {
                    values.add(m.path("value").asText());
                }
            }
        }
        return values;
    }

    public Checkpoints checkpoints(String jobId) throws FlinkRestException {
        JsonNode c = get("/jobs/" + path(jobId) + "/checkpoints");
        JsonNode counts = c.path("counts");
        JsonNode latest = c.path("latest").path("completed");
        String latestPath = latest.isObject() ? latest.path("external_path").asText(null) : null;
        return new Checkpoints(counts.path("completed").asLong(), counts.path("failed").asLong(),
                counts.path("restored").asLong(), latestPath,
                c.path("summary").path("checkpointed_size").path("avg").asLong(0));
    }

    /**
     * {@code POST /jars/upload}: sends the jar (multipart, as Flink's web UI does) and returns the
     * jar id the JobManager gave it. The JobManager refuses jars above its
     * {@code rest.server.max-content-length} (100 MiB by default).
     */
    public String uploadJar(Path jar) throws FlinkRestException, IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no job jar at " + jar);
        }
        String name = jar.getFileName().toString();
        if (!name.endsWith(".jar")) {
            throw new IOException("job jar " + jar + ": the JobManager only accepts files named *.jar");
        }
        long size = Files.size(jar);
        String boundary = "----walrus-stream-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + name.replace("\"", "") + "\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head), HttpRequest.BodyPublishers.ofFile(jar),
                HttpRequest.BodyPublishers.ofByteArray(tail));
        Duration uploadTimeout = timeout.plusSeconds(size / (1024 * 1024) + 1);
        HttpRequest request = HttpRequest.newBuilder(uri("/jars/upload")).timeout(uploadTimeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build();
        JsonNode answer = send(request);
        if (!"success".equals(answer.path("status").asText())) {
            throw new FlinkRestException("POST", request.uri().toString(), 200,
                    List.of("upload status " + answer.path("status").asText("(none)")), null);
        }
        String filename = answer.path("filename").asText("");
        String id = filename.substring(filename.lastIndexOf('/') + 1);
        if (id.isEmpty()) {
            throw new FlinkRestException("POST", request.uri().toString(), 200,
                    List.of("the answer names no uploaded file: " + answer), null);
        }
        return id;
    }

    /**
     * {@code POST /jars/:id/run}: the JobManager runs {@code main} of the jar's entry class (the
     * manifest's {@code Main-Class} when {@code entryClass} is null) with {@code args}, which submits the
     * job, and returns its id. A {@code main} that throws (bad configuration) comes back as a
     * {@link FlinkRestException} whose message carries the exception.
     */
    public String runJar(String jarId, JobSubmission s) throws FlinkRestException {
        ObjectNode body = json.createObjectNode();
        if (s.entryClass() != null) {
            body.put("entryClass", s.entryClass());
        }
        ArrayNode args = body.putArray("programArgsList");
        s.args().forEach(args::add);
        if (s.parallelism() != null) {
            body.put("parallelism", s.parallelism());
        }
        if (s.savepointPath() != null) {
            body.put("savepointPath", s.savepointPath());
            body.put("allowNonRestoredState", s.allowNonRestoredState());
        }
        if (!s.flinkConfiguration().isEmpty()) {
            ObjectNode conf = body.putObject("flinkConfiguration");
            s.flinkConfiguration().forEach(conf::put);
        }
        HttpRequest request = HttpRequest.newBuilder(uri("/jars/" + path(jarId) + "/run")).timeout(timeout.multipliedBy(3))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        JsonNode answer = send(request);
        String jobId = answer.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new FlinkRestException("POST", request.uri().toString(), 200,
                    List.of("the answer names no job id: " + answer), null);
        }
        return jobId;
    }

    /** {@code DELETE /jars/:id}. */
    public void deleteJar(String jarId) throws FlinkRestException {
        send(HttpRequest.newBuilder(uri("/jars/" + path(jarId))).timeout(timeout).DELETE().build());
    }

    /** {@code PATCH /jobs/:id?mode=cancel}. */
    public void cancel(String jobId) throws FlinkRestException {
        send(HttpRequest.newBuilder(uri("/jobs/" + path(jobId) + "?mode=cancel")).timeout(timeout)
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode get(String p) throws FlinkRestException {
        return send(HttpRequest.newBuilder(uri(p)).timeout(timeout).GET().build());
    }

    private URI uri(String p) {
        return URI.create(base + p);
    }

    private static String path(String segment) {
        if (segment == null || segment.isBlank()) {
            throw new IllegalArgumentException("empty id");
        }
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private JsonNode send(HttpRequest request) throws FlinkRestException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FlinkRestException(request.method(), request.uri().toString(), 0, List.of(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException(request.method(), request.uri().toString(), 0, List.of(), e);
        }
        JsonNode body;
        try {
            body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() / 100 != 2) {
            List<String> errors = new ArrayList<>();
            if (body != null && body.path("errors").isArray()) {
                body.path("errors").forEach(x -> errors.add(x.asText()));
            } else {
                String text = response.body();
                errors.add(text.length() > 2000 ? text.substring(0, 2000) : text);
            }
            if (response.statusCode() == 413) {
                errors.add(0, "request too large for the JobManager's rest.server.max-content-length");
            }
            throw new FlinkRestException(request.method(), request.uri().toString(), response.statusCode(), errors, null);
        }
        if (body == null) {
            throw new FlinkRestException(request.method(), request.uri().toString(), response.statusCode(),
                    List.of("answer is not JSON: " + abbreviate(response.body())), null);
        }
        return body;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
