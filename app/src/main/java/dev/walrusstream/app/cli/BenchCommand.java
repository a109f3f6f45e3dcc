package dev.walrusstream.app.cli;

import picocli.CommandLine.Command;

/** {@code walrus-stream bench ...}: quick benchmarks anyone can run to compare; each prints JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Quick benchmarks that print JSON: the codec (encode), a local storage network (net), the whole embedded pipeline (pipeline), the job on a cluster of separate processes (cluster), the aggregator over HTTP (aggregator).",
        subcommands = {BenchEncodeCommand.class, BenchNetCommand.class, BenchPipelineCommand.class,
            BenchClusterCommand.class, BenchAggregatorCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
