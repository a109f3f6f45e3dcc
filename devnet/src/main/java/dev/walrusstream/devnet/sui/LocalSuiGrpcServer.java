package dev.walrusstream.devnet.sui;

import dev.walrusstream.devnet.sui.internal.Services;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Serves a {@link LocalSui} over the {@code sui.rpc.v2} gRPC subset (plaintext HTTP/2, loopback by
 * default): LedgerService (service info, objects, transactions, checkpoints, epoch), StateService
 * (owned objects, balances), TransactionExecutionService (execute, simulate), SubscriptionService
 * (checkpoint stream) and MovePackageService (packages and type origins).
 */
public final class LocalSuiGrpcServer implements AutoCloseable {
    /** Largest request accepted (transactions are far smaller). */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 8 * 1024 * 1024;

    private final LocalSui sui;
    private final Server server;
    private final String host;

    private LocalSuiGrpcServer(LocalSui sui, Server server, String host) {
        this.sui = sui;
        this.server = server;
        this.host = host;
    }

    /** Starts serving {@code sui} on {@code host:port} (port 0 picks a free one). The ledger stays owned by the caller. */
    public static LocalSuiGrpcServer start(LocalSui sui, String host, int port) throws IOException {
        return start(sui, host, port, null);
    }

    /**
     * As {@link #start(LocalSui, String, int)}, every call passing through {@code faults} (none when null),
     * which can fail, hold or hold the answer of chosen methods: what tests of a Sui client's retries,
     * deadlines and lost answers run against.
     */
    public static LocalSuiGrpcServer start(LocalSui sui, String host, int port, SuiFaults faults) throws IOException {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port),
                InsecureServerCredentials.create()).maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
        for (BindableService s : new Services(sui).all()) {
            if (faults == null) {
                b.addService(s);
            } else {
                b.addService(ServerInterceptors.intercept(s, faults));
            }
        }
        Server server = b.build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("the local Sui gRPC server cannot listen on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return new LocalSuiGrpcServer(sui, server, host);
    }

    public int port() {
        return server.getPort();
    }

    /** {@code http://host:port}, what a Sui configuration takes as its network. */
    public String url() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    public LocalSui ledger() {
        return sui;
    }

    /** Stops serving (open streams end); the ledger stays open. */
    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
