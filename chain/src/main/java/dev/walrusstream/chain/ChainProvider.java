package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.SuiAddress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/**
 * Opens the chains of one kind ({@code "local"}, {@code "sui"}, …). Implementations register in
 * {@code META-INF/services/dev.walrusstream.chain.ChainProvider} and are found by
 * {@link ChainProviders}, so code that opens a chain from a configuration (the storage client, the
 * sink, storage nodes) depends on this module only and carries no chain implementation it does not use.
 */
public interface ChainProvider {

    /** The {@code kind} of a client configuration's chain section this provider opens. */
    String kind();

    /** One line for error messages and help: what this kind of chain is. */
    String description();

    /**
     * Reads a client configuration's {@code chain} section (its {@code kind} is this provider's).
     * {@code base} is the directory file-relative paths in it are relative to (null: the working
     * directory). Fails with an {@link IllegalArgumentException} naming the missing or bad field.
     */
    ChainSpec read(JsonNode section, SuiAddress account, Path base);

    /**
     * Checks now that {@code spec} can be opened (read-only when asked: no key needed), naming what is
     * missing or wrong, so a bad configuration fails where it is read rather than where it is first used.
     */
    void check(ChainSpec spec, boolean readOnly);

    /** The chain {@code spec} points at; {@code readOnly}: without acting for an account (storage nodes). */
    Chain open(ChainSpec spec, boolean readOnly);

    /**
     * Makes the file-relative paths of a chain {@code section} read from {@code file} absolute, so its
     * text can be shipped where the file's directory is not known. Nothing by default.
     */
    default void absolutePaths(ObjectNode section, Path file) {
    }
}
