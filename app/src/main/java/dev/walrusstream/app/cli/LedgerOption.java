package dev.walrusstream.app.cli;

import dev.walrusstream.app.stack.StackOptions;
import picocli.CommandLine.Option;

/** {@code --chain sui-local|local}: the ledger of the embedded stack's committee. */
final class LedgerOption {
    @Option(names = "--chain", defaultValue = "sui-local", paramLabel = "sui-local|local",
            description = "The committee's ledger: LocalChain served as Sui over gRPC, so clients and nodes run "
                    + "SuiChain (sui-local), or LocalChain's HTTP/JSON service (local). An existing state directory "
                    + "keeps the ledger it was created with (default ${DEFAULT-VALUE}).")
    String chain;

    StackOptions.Ledger ledger() {
        return StackOptions.Ledger.of(chain);
    }
}
