package dev.walrusstream.client;

import dev.walrusstream.chain.Chain;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Chain} that forwards every call to a real one and counts the calls by method name: what a
 * client operation costs in chain round trips (each call of a LocalChain HTTP client is one request).
 */
final class CountingChain {
    private final Chain real;
    private final Map<String, Integer> calls = new TreeMap<>();
    private final Chain counted;

    CountingChain(Chain real) {
        this.real = real;
        this.counted = (Chain) Proxy.newProxyInstance(Chain.class.getClassLoader(), new Class<?>[] {Chain.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() != Object.class) {
                        synchronized (calls) {
                            calls.merge(method.getName(), 1, Integer::sum);
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The counting chain to hand to the code under test. */
    Chain chain() {
        return counted;
    }

    /** The calls since the last {@link #reset}, by method name, in name order. */
    Map<String, Integer> calls() {
        synchronized (calls) {
            return new TreeMap<>(calls);
        }
    }

    void reset() {
        synchronized (calls) {
            calls.clear();
        }
    }
}
