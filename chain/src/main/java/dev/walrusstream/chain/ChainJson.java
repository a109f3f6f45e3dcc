package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.SuiAddress;

import dev.walrusstream.codec.ids.ObjectId;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.walrusstream.chain.bls.BlsPublicKey;
import dev.walrusstream.codec.BlobId;

import java.io.IOException;
import java.util.function.Function;

/**
 * JSON mapping of the chain's types, shaped like Walrus's JSON where Walrus has one: blob IDs as
 * base64url text, object IDs and addresses as {@code 0x} hex, BLS public keys as base64, event IDs
 * as {@code {"txDigest","eventSeq"}} with the sequence as a string, blob status as Walrus's enum.
 */
public final class ChainJson {
    private ChainJson() {
    }

    /** A new mapper with the chain module registered; unknown properties are ignored. */
    public static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.registerModule(module());
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        m.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        return m;
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("walrus-stream-chain");
        text(module, BlobId.class, BlobId::base64Url, BlobId::parse);
        text(module, ObjectId.class, ObjectId::hex, ObjectId::parse);
        text(module, SuiAddress.class, SuiAddress::hex, SuiAddress::parse);
        text(module, BlsPublicKey.class, BlsPublicKey::base64, BlsPublicKey::fromBase64);
        text(module, EventCursor.class, EventCursor::value, EventCursor::new);
        module.addSerializer(EventId.class, new JsonSerializer<>() {
            @Override
            public void serialize(EventId e, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeStartObject();
                g.writeStringField("txDigest", e.txDigest());
                g.writeStringField("eventSeq", Long.toString(e.eventSeq()));
                g.writeEndObject();
            }
        });
        module.addDeserializer(EventId.class, new JsonDeserializer<>() {
            @Override
            public EventId deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                return dev.walrusstream.chain.internal.BlobStatusJson.event(parser.readValueAsTree());
            }
        });
        return module;
    }

    private static <T> void text(SimpleModule module, Class<T> type, Function<T, String> write, Function<String, T> read) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(write.apply(value));
            }
        });
        module.addKeyDeserializer(type, new com.fasterxml.jackson.databind.KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctx) throws IOException {
                try {
                    return read.apply(key);
                } catch (IllegalArgumentException e) {
                    throw ctx.weirdKeyException(type, key, e.getMessage());
                }
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                String text = parser.getValueAsString();
                try {
                    return read.apply(text);
                } catch (IllegalArgumentException e) {
                    throw ctx.weirdStringException(text, type, e.getMessage());
                }
            }
        });
    }
}
