package dev.walrusstream.devnet.ledger;

import dev.walrusstream.devnet.ledger.TxEffects;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * LocalChain's durable log: one JSON line of {@link TxEffects} per transaction, forced to disk
 * before the transaction is acknowledged. A torn last line (crash while writing) is dropped on open;
 * any other unreadable line is an error naming the line.
 */
final class Journal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Journal.class.getName());

    private final Path file;
    private final ObjectMapper json;
    private final FileChannel channel;

    private Journal(Path file, ObjectMapper json, FileChannel channel) {
        this.file = file;
        this.json = json;
        this.channel = channel;
    }

    /** Opens (creating if needed) and returns the journal with every complete entry read. */
    public static Journal open(Path file, ObjectMapper json, List<TxEffects> entriesOut) throws IOException {
        List<String> lines = new ArrayList<>();
        long validBytes = 0;
        if (Files.exists(file)) {
            byte[] all = Files.readAllBytes(file);
            int start = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    lines.add(new String(all, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                    validBytes = start;
                }
            }
            if (start < all.length) {
                LOG.log(System.Logger.Level.WARNING, "dropping a torn last entry of " + (all.length - start)
                        + " bytes in " + file + " (written when the ledger stopped mid-transaction)");
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            try {
                entriesOut.add(json.readValue(lines.get(i), TxEffects.class));
            } catch (IOException e) {
                throw new IOException("LocalChain journal " + file + " line " + (i + 1) + " is unreadable: " + e.getMessage(), e);
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(validBytes);
        channel.position(validBytes);
        return new Journal(file, json, channel);
    }

    public void append(TxEffects effects) {
        try {
            byte[] line = (json.writeValueAsString(effects) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to LocalChain journal " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + file + ": " + e);
        }
    }

}
