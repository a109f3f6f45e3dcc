package dev.walrusstream.app.cli;

import picocli.CommandLine.Command;

/** {@code walrus-stream bench ...}: quick benchmarks anyone can run to compare. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Quick benchmarks that print one JSON line each.",
        subcommands = {BenchEncodeCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
