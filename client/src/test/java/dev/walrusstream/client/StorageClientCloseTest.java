package dev.walrusstream.client;

import dev.walrusstream.chain.Chain;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who closes the chain: a client handed a shared chain leaves it open; an owning client closes it once. */
class StorageClientCloseTest {

    @Test
    void onlyAnOwningClientClosesItsChain() {
        List<String> calls = new ArrayList<>();
        Chain chain = (Chain) Proxy.newProxyInstance(Chain.class.getClassLoader(), new Class<?>[] {Chain.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return null;
                });
        new StorageClient(chain, ClientOptions.DEFAULTS).close();
        assertEquals(List.of(), calls, "a shared chain stays open");
        StorageClient.owning(chain, ClientOptions.DEFAULTS).close();
        assertEquals(List.of("close"), calls, "the owning client closes its chain");
    }
}
