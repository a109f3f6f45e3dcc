package dev.walrusstream.devnet.sui.internal.web;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Relays a connection's bytes, both ways, to the gRPC server on a loopback port, reading one buffer
 * at a time on each side only once the previous one was written (memory stays bounded).
 */
final class TcpRelay extends ChannelInboundHandlerAdapter {
    private final SocketAddress backend;
    private final Queue<Object> pending = new ArrayDeque<>();
    private Channel outbound;

    TcpRelay(SocketAddress backend) {
        this.backend = backend;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel inbound = ctx.channel();
        inbound.config().setAutoRead(false);
        new Bootstrap().group(inbound.eventLoop()).channel(inbound.getClass())
                .option(ChannelOption.AUTO_READ, false).option(ChannelOption.TCP_NODELAY, true)
                .handler(new Backend(inbound)).connect(backend).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        inbound.close();
                        return;
                    }
                    outbound = f.channel();
                    Object m;
                    while ((m = pending.poll()) != null) {
                        outbound.write(m);
                    }
                    outbound.flush();
                    outbound.read();
                    inbound.read();
                });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (outbound == null) {
            pending.add(msg);
            return;
        }
        forward(ctx, outbound, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Object m;
        while ((m = pending.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
        if (outbound != null) {
            closeOnFlush(outbound);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeOnFlush(ctx.channel());
    }

    /** Writes {@code msg} to {@code to}; reads the next message from {@code ctx}'s channel once it is written, closes both if it cannot be. */
    static void forward(ChannelHandlerContext ctx, Channel to, Object msg) {
        to.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.channel().read();
            } else {
                f.channel().close();
                ctx.channel().close();
            }
        });
    }

    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static final class Backend extends ChannelInboundHandlerAdapter {
        private final Channel inbound;

        Backend(Channel inbound) {
            this.inbound = inbound;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            forward(ctx, inbound, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeOnFlush(inbound);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeOnFlush(ctx.channel());
        }
    }
}
