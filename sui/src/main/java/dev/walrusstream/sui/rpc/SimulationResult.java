package dev.walrusstream.sui.rpc;

import java.util.OptionalLong;

/** A dry run: the effects the transaction would have, and the node's suggested gas price. */
public record SimulationResult(ExecutedTransaction transaction, OptionalLong suggestedGasPrice) {
}
