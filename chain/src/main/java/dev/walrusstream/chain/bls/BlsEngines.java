package dev.walrusstream.chain.bls;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the {@link BlsEngine}: blst when its native library loads, else Bouncy Castle.
 * {@code -Dwalrus.bls.engine=bouncycastle|blst} forces one.
 */
public final class BlsEngines {
    private static final BlsEngine BEST = pick();

    private BlsEngines() {
    }

    public static BlsEngine best() {
        return BEST;
    }

    public static BlsEngine reference() {
        return new BouncyCastleBls();
    }

    /** Every engine this JVM can run, reference first. */
    public static List<BlsEngine> available() {
        List<BlsEngine> out = new ArrayList<>();
        out.add(reference());
        BlsEngine blst = blst();
        if (blst != null) {
            out.add(blst);
        }
        return out;
    }

    static BlsEngine blst() {
        try {
            return new BlstBls();
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static BlsEngine pick() {
        String forced = System.getProperty("walrus.bls.engine", "");
        switch (forced) {
            case "bouncycastle":
                return reference();
            case "blst": {
                BlsEngine b = blst();
                if (b == null) {
                    throw new IllegalStateException("-Dwalrus.bls.engine=blst, but the blst native library does not load here");
                }
                return b;
            }
            case "":
                BlsEngine b = blst();
                return b != null ? b : reference();
            default:
                throw new IllegalArgumentException("unknown BLS engine '" + forced + "' (known: bouncycastle, blst)");
        }
    }
}
