package dev.walrusstream.devnet.sui;

import dev.walrusstream.devnet.sui.internal.Services;
import dev.walrusstream.devnet.sui.internal.web.PortFront;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a {@link LocalSui} over the {@code sui.rpc.v2} gRPC subset (plaintext, loopback by default; gRPC
 * over HTTP/2 and gRPC-Web over HTTP/1.1 on the same port, so browsers and the Sui TypeScript SDK's default
 * client work too): LedgerService (service info, objects, transactions, checkpoints, epoch), StateService
 * (owned objects, balances), TransactionExecutionService (execute, simulate), SubscriptionService
 * (checkpoint stream) and MovePackageService (packages and type origins). {@link #startTls} serves gRPC over TLS
 * instead, with a given certificate and key (no gRPC-Web).
 */
public final class LocalSuiGrpcServer implements AutoCloseable {
    /** Largest request accepted (transactions are far smaller). */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 8 * 1024 * 1024;

    private final LocalSui sui;
    private final Server server;
    private final ManagedChannel webChannel;
    private final PortFront front;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String host;

    private LocalSuiGrpcServer(LocalSui sui, Server server, ManagedChannel webChannel, PortFront front, String host) {
        this.sui = sui;
        this.server = server;
        this.webChannel = webChannel;
        this.front = front;
        this.host = host;
    }

    /**
     * Starts serving {@code sui} on {@code host:port} (port 0 picks a free one): gRPC over HTTP/2 and gRPC-Web
     * over HTTP/1.1 on that one port. The ledger stays owned by the caller.
     */
    public static LocalSuiGrpcServer start(LocalSui sui, String host, int port) throws IOException {
        return start(sui, host, port, null);
    }

    /**
     * As {@link #start(LocalSui, String, int)}, every call (gRPC and gRPC-Web) passing through {@code faults}
     * (none when null), which can fail, hold or hold the answer of chosen methods: what tests of a Sui
     * client's retries, deadlines and lost answers run against.
     */
    public static LocalSuiGrpcServer start(LocalSui sui, String host, int port, SuiFaults faults) throws IOException {
        List<ServerServiceDefinition> services = services(sui, faults);
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                InsecureServerCredentials.create()).maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
        services.forEach(b::addService);
        Server server = b.build().start();
        // gRPC-Web calls reach the same server over one loopback HTTP/2 connection
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                server.getPort())).usePlaintext().maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES).build();
        try {
            PortFront front = PortFront.start(host, port, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    server.getPort()), services, channel, MAX_INBOUND_MESSAGE_BYTES + 64 * 1024);
            return new LocalSuiGrpcServer(sui, server, channel, front, host);
        } catch (IOException e) {
            channel.shutdownNow();
            server.shutdownNow();
            throw new IOException("the local Sui gRPC server cannot listen on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Starts serving {@code sui} over gRPC with TLS on {@code host:port} (port 0 picks a free one), presenting the PEM
     * certificate chain {@code certificateChain} with its PEM PKCS#8 {@code privateKey}; every call passes through
     * {@code faults} (none when null). A development room with TLS, to test clients' certificate handling.
     */
    public static LocalSuiGrpcServer startTls(LocalSui sui, String host, int port, SuiFaults faults,
                                              Path certificateChain, Path privateKey) throws IOException {
        ServerCredentials tls;
        try {
            tls = TlsServerCredentials.create(certificateChain.toFile(), privateKey.toFile());
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot read the TLS certificate " + certificateChain + " or key " + privateKey + ": "
                    + e.getMessage(), e);
        }
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port), tls)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
        services(sui, faults).forEach(b::addService);
        try {
            return new LocalSuiGrpcServer(sui, b.build().start(), null, null, host);
        } catch (IOException e) {
            throw new IOException("the local Sui gRPC server cannot listen on " + host + ":" + port + " with TLS: "
                    + e.getMessage(), e);
        }
    }

    private static List<ServerServiceDefinition> services(LocalSui sui, SuiFaults faults) {
        List<ServerServiceDefinition> services = new ArrayList<>();
        for (BindableService s : new Services(sui).all()) {
            services.add(faults == null ? s.bindService() : ServerInterceptors.intercept(s, faults));
        }
        return services;
    }

    public int port() {
        return front != null ? front.port() : server.getPort();
    }

    /**
     * {@code http://host:port} ({@code https://} when serving TLS), what a Sui configuration takes as its network
     * (gRPC and gRPC-Web alike).
     */
    public String url() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return (front != null ? "http://" : "https://") + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    public LocalSui ledger() {
        return sui;
    }

    /** Stops serving (open streams end); the ledger stays open. Closing again does nothing. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (front != null) {
            front.close();
            webChannel.shutdownNow();
        }
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
