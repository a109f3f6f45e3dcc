package dev.walrusstream.app.cli;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.Sliver;
import dev.walrusstream.codec.SliverType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EncodeCommandTest {

    @Test
    void writesMetadataAndEverySliverBody(@TempDir Path dir) throws Exception {
        byte[] data = new byte[5000];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("blob.bin");
        Files.write(file, data);
        Path out = dir.resolve("out");
        CliRunner.Result r = CliRunner.run("encode", "--shards", "7", "--out", out.toString(), file.toString());
        assertEquals(0, r.exitCode(), r.err());

        BlobId id = BlobId.parse(r.lastLine());
        assertEquals(id.base64Url(), Files.readString(out.resolve("blob-id.txt")).strip());
        BlobMetadata metadata = BlobMetadata.fromBcs(Files.readAllBytes(out.resolve("metadata.bcs")));
        metadata.verify(id);
        List<Sliver> primaries = new ArrayList<>();
        for (int p = 0; p < 7; p++) {
            Sliver primary = Sliver.fromBcs(SliverType.PRIMARY, Files.readAllBytes(out.resolve("pair-" + p + "-primary.bcs")));
            Sliver secondary = Sliver.fromBcs(SliverType.SECONDARY, Files.readAllBytes(out.resolve("pair-" + p + "-secondary.bcs")));
            assertEquals(p, primary.index());
            assertEquals(6 - p, secondary.index());
            RedStuff.create().verifyAll(metadata, List.of(primary, secondary));
            primaries.add(primary);
        }
        assertArrayEquals(data, RedStuff.create().decode(metadata, primaries.subList(4, 7),
                dev.walrusstream.codec.ConsistencyCheck.DEFAULT));
    }
}
