package dev.walrusstream.ingest.format;

import java.util.Locale;
import java.util.Map;

/** MIME types by file extension: a fixed table, so the same file gets the same type on every machine. */
public final class ContentTypes {
    public static final String OCTET_STREAM = "application/octet-stream";
    public static final String TAR = "application/x-tar";
    public static final String PARQUET = "application/vnd.apache.parquet";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("tar", TAR),
            Map.entry("parquet", PARQUET),
            Map.entry("json", "application/json"),
            Map.entry("jsonl", "application/jsonl"),
            Map.entry("ndjson", "application/x-ndjson"),
            Map.entry("txt", "text/plain"),
            Map.entry("md", "text/markdown"),
            Map.entry("csv", "text/csv"),
            Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("html", "text/html"),
            Map.entry("xml", "application/xml"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mkv", "video/x-matroska"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("flac", "audio/flac"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("gz", "application/gzip"),
            Map.entry("zst", "application/zstd"),
            Map.entry("zip", "application/zip"),
            Map.entry("avro", "application/avro"),
            Map.entry("arrow", "application/vnd.apache.arrow.file"));

    private ContentTypes() {
    }

    /** The type for a file name, {@value #OCTET_STREAM} when the extension is unknown. */
    public static String forName(String name) {
        int slash = name.lastIndexOf('/');
        String base = name.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        if (dot <= 0 || dot == base.length() - 1) {
            return OCTET_STREAM;
        }
        return BY_EXTENSION.getOrDefault(base.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
    }
}
