package dev.walrusstream.aggregator;

import java.util.Locale;
import java.util.Map;

/** Content types by file extension, for files whose manifest entry or tags name none. */
public final class ContentTypes {
    public static final String DEFAULT = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("webm", "video/webm"),
            Map.entry("mov", "video/quicktime"), Map.entry("mkv", "video/x-matroska"), Map.entry("ts", "video/mp2t"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("jsonl", "application/jsonl"), Map.entry("csv", "text/csv"),
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("tar", "application/x-tar"),
            Map.entry("gz", "application/gzip"), Map.entry("zip", "application/zip"),
            Map.entry("parquet", "application/vnd.apache.parquet"), Map.entry("pdf", "application/pdf"));

    private ContentTypes() {
    }

    public static String of(String path, String declared) {
        if (declared != null && !declared.isBlank()) {
            return declared;
        }
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }

    public static boolean isVideo(String contentType) {
        return contentType.startsWith("video/");
    }
}
