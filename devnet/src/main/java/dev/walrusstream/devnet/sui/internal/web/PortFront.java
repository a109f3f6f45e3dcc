package dev.walrusstream.devnet.sui.internal.web;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.netty.bootstrap.ServerBootstrap;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One port for both gRPC transports: HTTP/2 connections (gRPC) are relayed to the gRPC server on a
 * loopback port; HTTP/1.1 requests (gRPC-Web, what browsers and the Sui TypeScript SDK's default client
 * send) are answered by calling the same services over one loopback HTTP/2 channel. grpc-java's own server refuses HTTP/1.x,
 * hence this front.
 */
public final class PortFront implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PortFront(EventLoopGroup boss, EventLoopGroup workers, Channel listener) {
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
    }

    /**
     * Listens on {@code host:port} (0 picks a free port); HTTP/2 goes to {@code grpcBackend}, gRPC-Web to
     * {@code inProcess}, which serves {@code services}.
     */
    public static PortFront start(String host, int port, SocketAddress grpcBackend, List<ServerServiceDefinition> services,
                                  io.grpc.Channel inProcess, int maxRequestBytes) throws IOException {
        Map<String, MethodDescriptor.MethodType> types = new HashMap<>();
        for (ServerServiceDefinition s : services) {
            for (ServerMethodDefinition<?, ?> m : s.getMethods()) {
                types.put(m.getMethodDescriptor().getFullMethodName(), m.getMethodDescriptor().getType());
            }
        }
        GrpcWebHandler.Calls calls = new GrpcWebHandler.Calls() {
            @Override
            public Optional<MethodDescriptor.MethodType> type(String fullMethodName) {
                return Optional.ofNullable(types.get(fullMethodName));
            }

            @Override
            public io.grpc.Channel channel() {
                return inProcess;
            }
        };
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("local-sui-front-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(2, new DefaultThreadFactory("local-sui-front", true));
        try {
            Channel listener = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false).childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("sniff", new ProtocolSniffer(grpcBackend, calls, maxRequestBytes));
                        }
                    }).bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
            return new PortFront(boss, workers, listener);
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops listening and ends open connections; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
