package dev.walrusstream.devnet.sui.internal.web;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufUtil;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.SimpleChannelInboundHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultLastHttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpMethod;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpUtil;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-Web over HTTP/1.1 ({@code application/grpc-web}, {@code +proto}, and the base64 {@code -text}
 * form browsers and the Sui SDK's default transport use): unary and server-streaming calls are made on the
 * gRPC services through a channel to the gRPC server, each response message is sent as a data frame as it comes (the next is asked
 * for only once it was written) and the status as a trailer frame. CORS preflights are answered.
 */
final class GrpcWebHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The services a request can call. */
    interface Calls {
        Optional<MethodDescriptor.MethodType> type(String fullMethodName);

        io.grpc.Channel channel();
    }

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("cannot read a message: " + e.getMessage()).asRuntimeException();
            }
        }
    };

    private final Calls calls;

    GrpcWebHandler(Calls calls) {
        this.calls = calls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.method().equals(HttpMethod.OPTIONS)) {
            DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            cors(r.headers(), req);
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
            finish(ctx, r, keepAlive);
            return;
        }
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!req.method().equals(HttpMethod.POST) || !contentType.startsWith("application/grpc-web")) {
            plain(ctx, req, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "this port serves the sui.rpc.v2 gRPC API: gRPC "
                    + "over HTTP/2, or gRPC-Web over HTTP/1.1 (POST with Content-Type application/grpc-web, "
                    + "application/grpc-web+proto or application/grpc-web-text); got " + req.method() + " "
                    + req.uri() + (contentType.isEmpty() ? "" : " with Content-Type " + contentType), keepAlive);
            return;
        }
        boolean text = contentType.startsWith("application/grpc-web-text");
        String path = req.uri();
        int q = path.indexOf('?');
        String method = (q < 0 ? path : path.substring(0, q)).replaceFirst("^/+", "");

        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, text ? "application/grpc-web-text+proto"
                : "application/grpc-web+proto");
        cors(head.headers(), req);
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, keepAlive);

        Optional<MethodDescriptor.MethodType> type = calls.type(method);
        byte[] message;
        try {
            message = requestMessage(req.content(), text);
        } catch (IllegalArgumentException e) {
            ctx.write(head);
            trailer(ctx, text, Status.INVALID_ARGUMENT.withDescription("gRPC-Web request to " + method + ": "
                    + e.getMessage()), keepAlive);
            return;
        }
        if (type.isEmpty() || type.get() == MethodDescriptor.MethodType.CLIENT_STREAMING
                || type.get() == MethodDescriptor.MethodType.BIDI_STREAMING) {
            ctx.write(head);
            trailer(ctx, text, Status.UNIMPLEMENTED.withDescription("method " + method + (type.isEmpty()
                    ? " is not served here" : " streams from the client, which gRPC-Web cannot carry")), keepAlive);
            return;
        }
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.newBuilder(BYTES, BYTES)
                .setFullMethodName(method).setType(type.get()).build();
        CallOptions options = CallOptions.DEFAULT;
        Long timeoutNanos = timeout(req.headers().get("grpc-timeout"));
        if (timeoutNanos != null) {
            options = options.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        ClientCall<byte[], byte[]> call = calls.channel().newCall(descriptor, options);
        ctx.writeAndFlush(head);
        // one call at a time per connection (HTTP/1.1 answers in order); the next request is read once it ends
        ctx.channel().config().setAutoRead(false);
        ChannelFutureListener cancelOnClose = f -> call.cancel("the gRPC-Web client closed the connection", null);
        ctx.channel().closeFuture().addListener(cancelOnClose);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] value) {
                ctx.writeAndFlush(new DefaultHttpContent(frame(0x00, value, text))).addListener(f -> {
                    if (f.isSuccess()) {
                        call.request(1);
                    }
                });
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                ctx.channel().closeFuture().removeListener(cancelOnClose);
                trailer(ctx, text, status, keepAlive);
                ctx.channel().config().setAutoRead(true);
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(message);
        call.halfClose();
    }

    private static byte[] requestMessage(ByteBuf content, boolean text) {
        byte[] body = ByteBufUtil.getBytes(content);
        if (text) {
            try {
                body = Base64.getDecoder().decode(new String(body, StandardCharsets.US_ASCII).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the grpc-web-text body is not base64: " + e.getMessage());
            }
        }
        if (body.length < 5) {
            throw new IllegalArgumentException("the body holds " + body.length + " bytes, less than one frame header");
        }
        if ((body[0] & 0x80) != 0) {
            throw new IllegalArgumentException("the first frame is a trailer frame (flags " + (body[0] & 0xff) + ")");
        }
        long length = ((body[1] & 0xffL) << 24) | ((body[2] & 0xff) << 16) | ((body[3] & 0xff) << 8) | (body[4] & 0xff);
        if (length > body.length - 5) {
            throw new IllegalArgumentException("the frame says " + length + " bytes but " + (body.length - 5)
                    + " follow");
        }
        byte[] message = new byte[(int) length];
        System.arraycopy(body, 5, message, 0, message.length);
        return message;
    }

    private static void trailer(ChannelHandlerContext ctx, boolean text, Status status, boolean keepAlive) {
        StringBuilder t = new StringBuilder("grpc-status:").append(status.getCode().value()).append("\r\n");
        if (status.getDescription() != null) {
            t.append("grpc-message:").append(percentEncode(status.getDescription())).append("\r\n");
        }
        var f = ctx.writeAndFlush(new DefaultLastHttpContent(frame(0x80, t.toString().getBytes(StandardCharsets.US_ASCII),
                text)));
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static ByteBuf frame(int flags, byte[] payload, boolean text) {
        byte[] f = new byte[5 + payload.length];
        f[0] = (byte) flags;
        f[1] = (byte) (payload.length >>> 24);
        f[2] = (byte) (payload.length >>> 16);
        f[3] = (byte) (payload.length >>> 8);
        f[4] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 5, payload.length);
        return Unpooled.wrappedBuffer(text ? Base64.getEncoder().encode(f) : f);
    }

    /** gRPC's percent-encoding of status messages: bytes outside printable ASCII, and '%', as %XX. */
    static String percentEncode(String message) {
        StringBuilder out = new StringBuilder();
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** A grpc-timeout header ({@code 100m}, {@code 5S}) in nanoseconds, or null. */
    static Long timeout(String header) {
        if (header == null || header.length() < 2) {
            return null;
        }
        long v;
        try {
            v = Long.parseLong(header.substring(0, header.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
        return switch (header.charAt(header.length() - 1)) {
            case 'H' -> TimeUnit.HOURS.toNanos(v);
            case 'M' -> TimeUnit.MINUTES.toNanos(v);
            case 'S' -> TimeUnit.SECONDS.toNanos(v);
            case 'm' -> TimeUnit.MILLISECONDS.toNanos(v);
            case 'u' -> TimeUnit.MICROSECONDS.toNanos(v);
            case 'n' -> v;
            default -> null;
        };
    }

    private static void cors(HttpHeaders h, FullHttpRequest req) {
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS");
        String asked = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked != null ? asked
                : "content-type, x-grpc-web, x-user-agent, grpc-timeout");
        h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "grpc-status, grpc-message");
    }

    private static void plain(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String text,
                              boolean keepAlive) {
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        cors(r.headers(), req);
        finish(ctx, r, keepAlive);
    }

    private static void finish(ChannelHandlerContext ctx, DefaultFullHttpResponse r, boolean keepAlive) {
        HttpUtil.setContentLength(r, r.content().readableBytes());
        HttpUtil.setKeepAlive(r, keepAlive);
        var f = ctx.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
