package dev.walrusstream.ingest.format;

import dev.walrusstream.schemas.Attributes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Recognises files by name, then by content: WebDataset {@code .tar} shards and Parquet files. */
public final class FormatRecognizer {
    private FormatRecognizer() {
    }

    public static Recognition recognize(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tar")) {
            return WebDatasetInspector.inspect(file);
        }
        if (lower.endsWith(".parquet")) {
            return parquet(file);
        }
        return Recognition.plain(ContentTypes.forName(name));
    }

    private static Recognition parquet(Path file) {
        try {
            ParquetFooter footer = ParquetFooter.read(file);
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attributes.FORMAT, Attributes.FORMAT_PARQUET);
            attrs.put(Attributes.SAMPLES, Long.toString(footer.rows()));
            attrs.put(Attributes.PARQUET_ROWS, Long.toString(footer.rows()));
            attrs.put(Attributes.PARQUET_ROW_GROUPS, Integer.toString(footer.rowGroups()));
            attrs.put(Attributes.PARQUET_COLUMNS, Integer.toString(footer.columns()));
            footer.createdBy().ifPresent(c -> attrs.put(Attributes.PARQUET_CREATED_BY, c));
            return new Recognition(ContentTypes.PARQUET, attrs, Optional.empty());
        } catch (IOException | ParquetFormatException e) {
            return new Recognition(ContentTypes.PARQUET, Map.of(), Optional.of(file
                    + " has a .parquet name but its footer cannot be read (" + e.getMessage()
                    + "); uploading it as plain bytes"));
        }
    }
}
