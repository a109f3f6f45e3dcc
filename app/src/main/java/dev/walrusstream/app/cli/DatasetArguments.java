package dev.walrusstream.app.cli;

import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.dataset.DatasetFile;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.client.dataset.FileSegment;
import dev.walrusstream.client.dataset.NotAManifestException;
import dev.walrusstream.codec.BlobId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** What {@code get} and {@code restore} share: the manifest option's errors and checking a file already on disk. */
final class DatasetArguments {
    private DatasetArguments() {
    }

    static dev.walrusstream.client.dataset.DatasetVersion manifest(DatasetReader reader, String manifestId)
            throws InterruptedException {
        BlobId id;
        try {
            id = BlobId.parse(manifestId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--manifest: " + e.getMessage());
        }
        try {
            return reader.manifest(id);
        } catch (ReadException e) {
            throw new IllegalStateException("--manifest " + manifestId + ": " + e.reason() + ": " + e.getMessage(), e);
        } catch (NotAManifestException e) {
            throw new IllegalArgumentException("--manifest " + manifestId + ": " + e.getMessage(), e);
        } catch (dev.walrusstream.crypto.EncryptionException e) {
            throw KeyOptions.failure("--manifest " + manifestId, e);
        }
    }

    /** Whether {@code path} already holds exactly this file: its size and SHA-256 (or, without one, its segments'). */
    static boolean alreadyPresent(Path path, DatasetFile file) throws IOException {
        if (!Files.isRegularFile(path) || Files.size(path) != file.size()) {
            return false;
        }
        MessageDigest whole = sha();
        MessageDigest segment = sha();
        int index = 0;
        long inSegment = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                whole.update(buf, 0, n);
                int at = 0;
                while (at < n) {
                    FileSegment s = file.segments().get(index);
                    int take = (int) Math.min(n - at, s.size() - inSegment);
                    segment.update(buf, at, take);
                    at += take;
                    inSegment += take;
                    if (inSegment == s.size()) {
                        String actual = HexFormat.of().formatHex(segment.digest());
                        if (s.sha256() != null && !s.sha256().equalsIgnoreCase(actual)) {
                            return false;
                        }
                        index++;
                        inSegment = 0;
                    }
                }
            }
        }
        return file.sha256() == null || file.sha256().equalsIgnoreCase(HexFormat.of().formatHex(whole.digest()));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
