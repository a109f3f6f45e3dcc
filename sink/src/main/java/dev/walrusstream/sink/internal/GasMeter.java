package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.Results;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the gas (MIST) a chain's transactions paid, as the chain reports it on every write result
 * ({@link Results.Paid#gasUsed}): wrap the chain the storage client uses and every reservation,
 * registration, certification, deletion and extension made through it is counted, whoever calls it.
 * A transaction that throws reports nothing and counts nothing.
 */
public final class GasMeter {
    private final AtomicLong mist = new AtomicLong();

    /** The MIST counted so far. */
    public long spent() {
        return mist.get();
    }

    /** {@code chain}, counting here the gas of every write made through it. */
    public Chain wrap(Chain chain) {
        return (Chain) Proxy.newProxyInstance(Chain.class.getClassLoader(), new Class<?>[]{Chain.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "gas-metered " + chain;
                        };
                    }
                    Object result;
                    try {
                        result = method.invoke(chain, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Results.Paid paid) {
                        mist.addAndGet(paid.gasUsed());
                    }
                    return result;
                });
    }
}
