package dev.walrusstream.ingest.format;

import java.util.Map;
import java.util.Optional;

/**
 * What was learnt about a file before streaming it.
 *
 * @param contentType MIME type
 * @param attributes  attributes to put on the upload (format, sample counts, ...)
 * @param warning     why a file that looked like a known format could not be read as one (it is uploaded
 *                    anyway, as plain bytes)
 */
public record Recognition(String contentType, Map<String, String> attributes, Optional<String> warning) {
    public Recognition {
        attributes = Map.copyOf(attributes);
    }

    public static Recognition plain(String contentType) {
        return new Recognition(contentType, Map.of(), Optional.empty());
    }
}
