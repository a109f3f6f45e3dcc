package dev.walrusstream.devnet.sui.internal.web;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.ByteToMessageDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpObjectAggregator;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpServerCodec;

import java.net.SocketAddress;
import java.util.List;

/**
 * Looks at a connection's first bytes: the HTTP/2 client preface ({@code PRI * HTTP/2.0}) goes to the gRPC
 * server through a {@link TcpRelay}; anything else is HTTP/1.x and goes to the {@link GrpcWebHandler}.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
    private final SocketAddress grpcBackend;
    private final GrpcWebHandler.Calls calls;
    private final int maxRequestBytes;

    ProtocolSniffer(SocketAddress grpcBackend, GrpcWebHandler.Calls calls, int maxRequestBytes) {
        this.grpcBackend = grpcBackend;
        this.calls = calls;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        ctx.read();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 3) {
            return;
        }
        int i = in.readerIndex();
        boolean http2 = in.getByte(i) == 'P' && in.getByte(i + 1) == 'R' && in.getByte(i + 2) == 'I';
        if (http2) {
            ctx.pipeline().addAfter(ctx.name(), "relay", new TcpRelay(grpcBackend));
        } else {
            ctx.pipeline().addAfter(ctx.name(), "http", new HttpServerCodec());
            ctx.pipeline().addAfter("http", "aggregate", new HttpObjectAggregator(maxRequestBytes));
            ctx.pipeline().addAfter("aggregate", "grpc-web", new GrpcWebHandler(calls));
            ctx.channel().config().setAutoRead(true);
        }
        ctx.pipeline().remove(this); // hands the bytes read so far to the chosen handler
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        super.channelReadComplete(ctx);
        if (!ctx.channel().config().isAutoRead() && ctx.pipeline().get(ProtocolSniffer.class) != null) {
            ctx.read();
        }
    }
}
