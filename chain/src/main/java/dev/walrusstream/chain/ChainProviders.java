package dev.walrusstream.chain;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The {@link ChainProvider}s on the class path, keyed by kind. */
public final class ChainProviders {
    private static volatile Map<String, ChainProvider> providers;

    private ChainProviders() {
    }

    /** The provider of {@code kind}; fails naming the kinds there are when none opens it. */
    public static ChainProvider of(String kind) {
        ChainProvider p = all().get(kind);
        if (p == null) {
            StringBuilder known = new StringBuilder();
            all().values().forEach(v -> known.append(known.length() == 0 ? "" : ", ").append('\'').append(v.kind())
                    .append("' (").append(v.description()).append(')'));
            throw new IllegalArgumentException("chain kind '" + kind + "' is not supported; "
                    + (known.length() == 0 ? "no chain provider is on the class path" : "use " + known));
        }
        return p;
    }

    /** Opens {@code spec} with the provider of its kind. */
    public static Chain open(ChainSpec spec, boolean readOnly) {
        return of(spec.kind()).open(spec, readOnly);
    }

    /** The kinds there are providers for, sorted. */
    public static List<String> kinds() {
        return List.copyOf(all().keySet());
    }

    private static Map<String, ChainProvider> all() {
        Map<String, ChainProvider> m = providers;
        if (m == null) {
            synchronized (ChainProviders.class) {
                m = providers;
                if (m == null) {
                    m = new TreeMap<>();
                    for (ChainProvider p : ServiceLoader.load(ChainProvider.class, ChainProvider.class.getClassLoader())) {
                        ChainProvider previous = m.putIfAbsent(p.kind(), p);
                        if (previous != null && previous.getClass() != p.getClass()) {
                            throw new IllegalStateException("two chain providers for kind '" + p.kind() + "': "
                                    + previous.getClass().getName() + " and " + p.getClass().getName());
                        }
                    }
                    providers = m;
                }
            }
        }
        return m;
    }
}
