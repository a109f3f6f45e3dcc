package dev.walrusstream.job.assembly;

import java.util.function.Function;

/**
 * Picks the {@link ResumableSha256} engine: the JDK's digest where it can run ({@link JdkSha256}: the
 * JVM flag {@value JdkSha256#JVM_FLAG}), else Bouncy Castle's. {@code -Dwalrus.job.sha256=jdk|reference}
 * forces one; forcing {@code jdk} where it cannot run fails with the reason.
 */
public final class Sha256Engines {
    /** The system property that forces an engine. */
    public static final String PROPERTY = "walrus.job.sha256";

    /** A named way to resume a saved state (null: start afresh). */
    public record Engine(String name, Function<byte[], ResumableSha256> resumer) {
        public ResumableSha256 resume(byte[] savedState) {
            return resumer.apply(savedState);
        }
    }

    public static final Engine REFERENCE = new Engine("reference", BouncyCastleSha256::resume);
    public static final Engine JDK = new Engine("jdk", JdkSha256::resume);

    private static final Engine BEST = pick(System.getProperty(PROPERTY, ""));

    private Sha256Engines() {
    }

    /** The engine the job uses in this JVM. */
    public static Engine best() {
        return BEST;
    }

    /**
     * What the job logs when it starts: which engine hashes uploads, and, when it is the slow one,
     * why and how to have the fast one.
     */
    public static String describe() {
        if (BEST == JDK) {
            return "upload SHA-256: the JDK's digest (the CPU's SHA instructions where it has them)";
        }
        return JdkSha256.unavailableBecause()
                .map(why -> "upload SHA-256: Bouncy Castle's digest, about 5 times slower than the JDK's, because " + why)
                .orElse("upload SHA-256: Bouncy Castle's digest (forced by -D" + PROPERTY + "=reference)");
    }

    static Engine pick(String forced) {
        return switch (forced) {
            case "" -> JdkSha256.available() ? JDK : REFERENCE;
            case "reference" -> REFERENCE;
            case "jdk" -> {
                JdkSha256.unavailableBecause().ifPresent(why -> {
                    throw new IllegalStateException("-D" + PROPERTY + "=jdk, but the JDK SHA-256 engine cannot run: " + why);
                });
                yield JDK;
            }
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced + " is not an engine (known: jdk, reference)");
        };
    }
}
