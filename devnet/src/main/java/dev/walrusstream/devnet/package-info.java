/**
 * devnet: everything that stands in for Walrus-on-Sui on one machine, for development, demos and
 * tests. Nothing here ships in the Flink job jar. The names, from the inside out:
 * <dl>
 *   <dt>{@link dev.walrusstream.devnet.ledger.LocalLedger} ({@code devnet.ledger})</dt>
 *   <dd>the rule engine and state: Walrus's storage, blob and certificate rules over a committee,
 *       persisted as a genesis file and an append-only journal. It has no network face of its own;
 *       the two front ends below serve it. {@link dev.walrusstream.devnet.ledger.TxEffects} and
 *       {@link dev.walrusstream.devnet.ledger.LocalLedger#withAttachment} are the small SPI a front end
 *       uses to keep its own per-transaction data in the same journal.</dd>
 *   <dt>{@link dev.walrusstream.devnet.chain.LocalChain} ({@code devnet.chain})</dt>
 *   <dd>the ledger as a {@link dev.walrusstream.chain.Chain} in this process, and
 *       {@link dev.walrusstream.devnet.chain.LocalChainHttpServer}, which serves it over HTTP/JSON.
 *       Its client, {@link dev.walrusstream.chain.http.LocalChainHttpClient}, lives in the chain
 *       module (chain kind {@code local}) because the job reaches a LocalChain from a Flink cluster.</dd>
 *   <dt>{@link dev.walrusstream.devnet.sui.LocalSui} ({@code devnet.sui})</dt>
 *   <dd>the same ledger dressed as Sui: Walrus's Move objects, signed BCS transactions, gas and
 *       checkpoints, served over the sui.rpc.v2 gRPC subset by
 *       {@link dev.walrusstream.devnet.sui.LocalSuiGrpcServer}, so SuiChain, the code that talks to
 *       real Sui, runs against it unchanged (chain kind {@code sui}). Its development controls make what
 *       no Walrus transaction makes, for tests of Sui clients: coins of any type, planted objects, a
 *       package that aborts, a change of Walrus's prices; {@link dev.walrusstream.devnet.sui.SuiFaults}
 *       fails or holds chosen gRPC calls, and the server also serves TLS with a given key.</dd>
 *   <dt>{@link dev.walrusstream.devnet.network.LocalNetwork} ({@code devnet.network})</dt>
 *   <dd>a whole storage network in one directory: the ledger, served as its
 *       {@link dev.walrusstream.devnet.network.ChainBackend} says ({@code local} over HTTP or
 *       {@code sui-local} over gRPC), and a committee of real storage nodes.</dd>
 * </dl>
 * None of this is Sui: one process, nothing replicated, and its coins have no value.
 */
package dev.walrusstream.devnet;
