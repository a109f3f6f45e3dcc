package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.ingest.CloseMarkers;
import dev.walrusstream.ingest.DatasetRef;
import dev.walrusstream.ingest.IngestException;
import dev.walrusstream.ingest.IngestReport;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.Ingestor;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.ingest.ProgressBar;
import dev.walrusstream.ingest.ProgressListener;
import dev.walrusstream.ingest.SourcePlanner;
import dev.walrusstream.ingest.TopicCheck;
import dev.walrusstream.ingest.UploadResult;
import dev.walrusstream.ingest.UploadSource;
import dev.walrusstream.ingest.Uploader;
import dev.walrusstream.ingest.format.ContentTypes;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code walrus-stream ingest}: files, directories and standard input onto the chunk topic. */
@Command(name = "ingest", sortOptions = false,
        description = {"Stream files, directories (recursively, in path order), WebDataset .tar shards, Parquet "
                + "files or standard input (-) to Kafka as chunked uploads, one upload per file.",
                "Prints one line per upload on stdout (upload id, bytes, chunks, sha-256, source name) and a "
                        + "summary on stderr. Exit code 0 when every upload was acknowledged, 1 otherwise."})
public final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    ProducerOptions producer;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset the uploads belong to (with --version).")
    String dataset;

    @Option(names = "--version", paramLabel = "VERSION", description = "Dataset version (with --dataset).")
    String version;

    @Option(names = "--keep-open", description = "With --dataset: leave the version open for later uploads (default: "
            + "close it once every upload was acknowledged, so the job stores its final manifest).")
    boolean keepOpen;

    @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "Attribute for every upload (repeatable).")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--name", defaultValue = "stdin", paramLabel = "NAME",
            description = "Source name of standard input (default: ${DEFAULT-VALUE}).")
    String stdinName;

    @Option(names = "--content-type", defaultValue = ContentTypes.OCTET_STREAM, paramLabel = "TYPE",
            description = "Content type of standard input (default: ${DEFAULT-VALUE}).")
    String stdinType;

    @Option(names = "--create-topic", description = "Create the topic when it does not exist.")
    boolean createTopic;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "Partitions of a topic made by --create-topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "WHEN",
            description = "Progress bar on stderr: auto (when stderr is a terminal), always, never (default: "
                    + "${DEFAULT-VALUE}).")
    String progress;

    @Option(names = "--json", description = "One JSON object per upload on stdout instead of a tab-separated line.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, directories, or - for standard input.")
    List<String> paths;

    /** Standard input (tests replace it). */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IngestSettings settings = settings();
        boolean bar = switch (progress) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> stderrIsTerminal();
            default -> throw new ParameterException(spec.commandLine(), "--progress must be auto, always or never,"
                    + " got '" + progress + "'");
        };
        if (createTopic && partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        List<UploadSource> sources = new SourcePlanner(w -> err.println("warning: " + w))
                .plan(paths, stdin, stdinName, stdinType);
        if (sources.isEmpty()) {
            err.println("nothing to ingest: no regular files under " + paths);
            return 0;
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(producer.registryConfig());
        try (KafkaChunkSink sink = KafkaChunkSink.create(producer.bootstrap(), registry, settings)) {
            TopicCheck.verify(producer.bootstrap(), settings.topic(), settings.chunkSize(),
                    createTopic ? partitions : 0);
            ProgressListener listener = bar ? new ProgressBar(err) : ProgressListener.NONE;
            IngestReport report;
            try {
                report = new Ingestor(new Uploader(sink, settings), listener).ingest(sources);
            } catch (IngestException e) {
                print(out, e.partial());
                err.println(e.partial().summary());
                err.println("error: ingest stopped: " + e.getMessage());
                err.flush();
                return 1;
            }
            print(out, report);
            err.println(report.summary());
            if (dataset != null && !keepOpen) {
                CloseMarkers.Sent sent = sink.closeVersion(new DatasetRef(dataset, version));
                err.println("closed dataset " + dataset + " version " + version + " (marker " + sent.markerId() + " on "
                        + sent.partitions() + " partition(s) of " + settings.topic() + "); the job stores its manifest "
                        + "once every upload is certified");
            }
            return 0;
        }
    }

    /** The launcher tells whether stderr is a terminal ({@code -Dwalrus.stderr.tty}); Java alone cannot. */
    private static boolean stderrIsTerminal() {
        String told = System.getProperty("walrus.stderr.tty");
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    private IngestSettings settings() {
        if ((dataset == null) != (version == null)) {
            throw new ParameterException(spec.commandLine(), "--dataset and --version go together");
        }
        IngestSettings.Builder b = producer.settings();
        if (dataset != null) {
            b.dataset(dataset, version);
        }
        attributes.forEach(b::attribute);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private void print(PrintWriter out, IngestReport report) {
        ObjectMapper mapper = new ObjectMapper();
        for (UploadResult r : report.uploads()) {
            if (json) {
                ObjectNode n = mapper.createObjectNode();
                n.put("uploadId", r.uploadId());
                n.put("sourceName", r.sourceName());
                n.put("contentType", r.contentType());
                n.put("size", r.size());
                n.put("chunks", r.chunks());
                n.put("sha256", r.sha256());
                n.put("topic", r.topic());
                n.put("partition", r.partition());
                n.put("firstOffset", r.firstOffset());
                n.put("lastOffset", r.lastOffset());
                ObjectNode a = n.putObject("attributes");
                r.attributes().forEach(a::put);
                out.println(n);
            } else {
                out.println(r.uploadId() + "\t" + r.size() + "\t" + r.chunks() + "\t" + r.sha256() + "\t"
                        + r.sourceName());
            }
        }
        out.flush();
    }
}
