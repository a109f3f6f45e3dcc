package dev.walrusstream.sui.config;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.keys.KeySource;
import dev.walrusstream.sui.rpc.RetryPolicy;
import dev.walrusstream.sui.rpc.SuiEndpoint;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiConfigTest {
    private static final String KEY = "suiprivkey1qqqqzqsrqszsvpcgpy9qkrqdpc83qygjzv2p29shrqv35xcur50p74yefn7";

    @Test
    void knownNetworksFillInEndpointAndWalrusObjects() {
        SuiConfig testnet = SuiConfig.builder().network("testnet").key(KeySource.parse(KEY)).build();
        assertEquals("fullnode.testnet.sui.io", testnet.endpoint().host());
        assertEquals(443, testnet.endpoint().port());
        assertTrue(testnet.endpoint().tls());
        assertEquals(SuiNetwork.TESTNET.walrusSystemObject().orElseThrow(), testnet.walrusSystemObject());
        assertTrue(testnet.walCoinType().endsWith("::wal::WAL"));

        SuiConfig mainnet = SuiConfig.builder().network("MAINNET").key(KeySource.parse(KEY)).build();
        assertEquals(ObjectId.parse("0x2134d52768ea07e8c43570ef975eb3e4c27a39fa6396bef985b5abc58d03ddd2"),
                mainnet.walrusSystemObject());
    }

    @Test
    void customNodesNeedTheirWalrusSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuiConfig.builder().network("https://rpc.example.org").build());
        assertTrue(e.getMessage().contains("key (sui.key"), e.getMessage());
        assertTrue(e.getMessage().contains("Walrus System object ID"), e.getMessage());
        assertTrue(e.getMessage().contains("WAL coin type"), e.getMessage());

        Map<String, String> props = new LinkedHashMap<>();
        props.put("sui.network", "https://rpc.example.org:9443");
        props.put("sui.key", KEY);
        props.put("sui.walrus.system-object", "0x55");
        props.put("sui.wal-coin-type", "0x77::wal::WAL");
        props.put("sui.header.x-token", "t0ken");
        props.put("sui.call-timeout-ms", "1500");
        props.put("other.setting", "ignored");
        SuiConfig c = SuiConfig.fromProperties(props);
        assertEquals("custom", c.network());
        assertEquals(9443, c.endpoint().port());
        assertEquals("t0ken", c.endpoint().headers().get("x-token"));
        assertEquals(Duration.ofMillis(1500), c.clientOptions().callTimeout());
        assertFalse(c.toString().contains("t0ken"));
        assertFalse(c.toString().contains(KEY));

        props.put("sui.walrus.sytem-object", "0x1");
        e = assertThrows(IllegalArgumentException.class, () -> SuiConfig.fromProperties(props));
        assertTrue(e.getMessage().contains("unknown Sui setting 'sui.walrus.sytem-object'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SuiConfig.builder().network("moonnet").key(KeySource.parse(KEY))
                .build());
    }

    @Test
    void plaintextOnlyForLoopback() {
        assertFalse(SuiEndpoint.parse("http://127.0.0.1:9000").tls());
        assertEquals(9000, SuiEndpoint.parse("http://localhost").port());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuiEndpoint.parse("http://fullnode.example.org:9000"));
        assertTrue(e.getMessage().contains("only allowed for loopback"), e.getMessage());
        assertFalse(SuiEndpoint.parse("http://node.internal:9000", true).tls());
        assertThrows(IllegalArgumentException.class, () -> SuiEndpoint.parse("grpc://x:1"));
        assertThrows(IllegalArgumentException.class, () -> SuiEndpoint.parse("https://x/some/path"));
    }

    @Test
    void retryPolicyBacksOffAndNeverRetriesRefusals() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertTrue(p.isRetryable(Status.Code.UNAVAILABLE));
        assertFalse(p.isRetryable(Status.Code.INVALID_ARGUMENT));
        assertFalse(p.isRetryable(Status.Code.FAILED_PRECONDITION));
        assertEquals(Duration.ofMillis(200), p.backoff(1, 0.5));
        assertEquals(Duration.ofMillis(800), p.backoff(3, 0.5));
        assertEquals(Duration.ofSeconds(5), p.backoff(20, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO,
                RetryPolicy.TRANSIENT));
    }
}
