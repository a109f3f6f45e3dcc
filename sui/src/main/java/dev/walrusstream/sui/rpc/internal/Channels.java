package dev.walrusstream.sui.rpc.internal;

import dev.walrusstream.sui.rpc.SuiClientOptions;
import dev.walrusstream.sui.rpc.SuiEndpoint;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Opens the HTTP/2 channel to a full node: TLS (JVM trust store or a given PEM) or loopback plaintext. */
public final class Channels {
    private Channels() {
    }

    public static ManagedChannel open(SuiEndpoint endpoint, SuiClientOptions options) {
        ChannelCredentials credentials;
        if (!endpoint.tls()) {
            credentials = InsecureChannelCredentials.create();
        } else if (endpoint.trustCertificates().isPresent()) {
            try {
                credentials = TlsChannelCredentials.newBuilder()
                        .trustManager(endpoint.trustCertificates().get().toFile()).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read trust certificates "
                        + endpoint.trustCertificates().get() + ": " + e.getMessage(), e);
            }
        } else {
            credentials = TlsChannelCredentials.create();
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilderForAddress(endpoint.host(), endpoint.port(), credentials)
                .maxInboundMessageSize(options.maxInboundMessageBytes())
                .userAgent("walrus-stream-sui");
        if (!endpoint.headers().isEmpty()) {
            Metadata headers = new Metadata();
            for (Map.Entry<String, String> h : endpoint.headers().entrySet()) {
                headers.put(Metadata.Key.of(h.getKey(), Metadata.ASCII_STRING_MARSHALLER), h.getValue());
            }
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return builder.build();
    }
}
