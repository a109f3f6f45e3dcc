package dev.walrusstream.app.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generated data for the demo and the pipeline benchmark: small JSON samples (packed into quilts)
 * and larger binary "footage" files (cut into blobs).
 */
public final class SampleData {
    private SampleData() {
    }

    /** Writes {@code samples} JSON records and {@code clips} binary files of {@code clipBytes} under {@code dir}. */
    public static Path write(Path dir, int samples, int clips, int clipBytes, long seed) throws IOException {
        Random random = new Random(seed);
        Path sampleDir = dir.resolve("samples");
        Path footage = dir.resolve("footage");
        Files.createDirectories(sampleDir);
        Files.createDirectories(footage);
        String[] labels = {"walrus", "seal", "penguin", "orca", "narwhal"};
        for (int i = 0; i < samples; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0, words = 20 + random.nextInt(200); w < words; w++) {
                text.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36), 0, 3 + random.nextInt(5)).append(' ');
            }
            String json = "{\"id\":" + i + ",\"label\":\"" + labels[random.nextInt(labels.length)] + "\",\"text\":\""
                    + text.toString().trim() + "\"}\n";
            Files.writeString(sampleDir.resolve(String.format("sample-%05d.json", i)), json, StandardCharsets.UTF_8);
        }
        for (int i = 0; i < clips; i++) {
            byte[] data = new byte[clipBytes + random.nextInt(Math.max(1, clipBytes / 4))];
            random.nextBytes(data);
            Files.write(footage.resolve(String.format("clip-%03d.bin", i)), data);
        }
        return dir;
    }
}
