package dev.walrusstream.embedded;

/** Run in a separate JVM by {@link RegistryNoOrphanIT}: starts a registry, prints its pid, waits to be killed. */
public final class OrphanProbeMain {
    private OrphanProbeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                RegistrySettings.defaults().withWorkDir(java.nio.file.Path.of(args[0])));
        System.out.println("REGISTRY_PID " + registry.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
