package dev.walrusstream.sui.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.codec.ids.SuiAddress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Sui CLI keystore file ({@code ~/.sui/sui_config/sui.keystore}): a JSON array of base64 strings,
 * each flag ‖ private key. Ed25519 entries become key pairs; entries of other schemes are listed
 * but cannot be used. Errors name the file and the entry index, never the key.
 */
public final class SuiKeystore {
    /** Largest keystore file read (a keystore of thousands of keys is far below this). */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    /** One keystore entry: its index, scheme and (for Ed25519) the key pair. */
    public record Entry(int index, SignatureScheme scheme, Optional<SuiKeyPair> keyPair) {
    }

    private final Path file;
    private final List<Entry> entries;

    private SuiKeystore(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = List.copyOf(entries);
    }

    public static SuiKeystore load(Path file) {
        byte[] raw;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new KeyFormatException("keystore " + file + " is " + size + " bytes, more than the "
                        + MAX_FILE_BYTES + " allowed");
            }
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyFormatException("keystore file " + file + " does not exist");
        } catch (IOException e) {
            throw new KeyFormatException("cannot read keystore " + file + ": " + e.getMessage(), e);
        }
        return parse(file, raw);
    }

    static SuiKeystore parse(Path file, byte[] json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new KeyFormatException("keystore " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new KeyFormatException("cannot parse keystore " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new KeyFormatException("keystore " + file + " must be a JSON array of base64 strings, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String where = "keystore " + file + " entry " + i;
            if (!node.isTextual()) {
                throw new KeyFormatException(where + " is a " + node.getNodeType().toString().toLowerCase()
                        + ", expected a base64 string");
            }
            byte[] flagged;
            try {
                flagged = Base64.getDecoder().decode(node.asText().trim());
            } catch (IllegalArgumentException e) {
                throw new KeyFormatException(where + " is not valid base64");
            }
            if (flagged.length == 0) {
                throw new KeyFormatException(where + " is empty");
            }
            SignatureScheme scheme = SignatureScheme.ofFlag(flagged[0] & 0xFF);
            if (scheme == null) {
                throw new KeyFormatException(where + " has " + SignatureScheme.describe(flagged[0] & 0xFF));
            }
            Optional<SuiKeyPair> pair = scheme == SignatureScheme.ED25519
                    ? Optional.of(SuiKeyPair.fromFlaggedKey(flagged, where))
                    : Optional.empty();
            entries.add(new Entry(i, scheme, pair));
        }
        return new SuiKeystore(file, entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Addresses of the usable (Ed25519) keys, in file order. */
    public List<SuiAddress> addresses() {
        return entries.stream().flatMap(e -> e.keyPair().stream()).map(SuiKeyPair::address).collect(Collectors.toList());
    }

    /** The key for {@code address}; the error lists the addresses the keystore does hold. */
    public SuiKeyPair forAddress(SuiAddress address) {
        for (Entry e : entries) {
            if (e.keyPair().isPresent() && e.keyPair().get().address().equals(address)) {
                return e.keyPair().get();
            }
        }
        throw new KeyFormatException("keystore " + file + " has no Ed25519 key for " + address + "; it holds "
                + describeAddresses());
    }

    /** The only Ed25519 key; fails when there are none or several (choose by address then). */
    public SuiKeyPair single() {
        List<SuiAddress> addresses = addresses();
        if (addresses.size() == 1) {
            return entries.stream().flatMap(e -> e.keyPair().stream()).findFirst().orElseThrow();
        }
        if (addresses.isEmpty()) {
            throw new KeyFormatException("keystore " + file + " holds no Ed25519 key (" + entries.size()
                    + " entries of other schemes)");
        }
        throw new KeyFormatException("keystore " + file + " holds " + addresses.size()
                + " Ed25519 keys; choose one by address: " + describeAddresses());
    }

    public SuiKeyPair select(Optional<SuiAddress> address) {
        return address.map(this::forAddress).orElseGet(this::single);
    }

    private String describeAddresses() {
        List<SuiAddress> addresses = addresses();
        return addresses.isEmpty() ? "no Ed25519 keys"
                : addresses.stream().map(SuiAddress::toString).collect(Collectors.joining(", "));
    }
}
