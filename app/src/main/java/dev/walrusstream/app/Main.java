package dev.walrusstream.app;

import dev.walrusstream.app.cli.AggregatorCommand;
import dev.walrusstream.app.cli.BenchCommand;
import dev.walrusstream.app.cli.BlobIdCommand;
import dev.walrusstream.app.cli.BlobStatusCommand;
import dev.walrusstream.app.cli.ChainCommand;
import dev.walrusstream.app.cli.DatasetCommand;
import dev.walrusstream.app.cli.DatasetsCommand;
import dev.walrusstream.app.cli.DeleteCommand;
import dev.walrusstream.app.cli.GetBlobAttributeCommand;
import dev.walrusstream.app.cli.DemoCommand;
import dev.walrusstream.app.cli.EncodeCommand;
import dev.walrusstream.app.cli.ExtendCommand;
import dev.walrusstream.app.cli.GetCommand;
import dev.walrusstream.app.cli.ListPatchesInQuiltCommand;
import dev.walrusstream.app.cli.ReadQuiltCommand;
import dev.walrusstream.app.cli.RestoreCommand;
import dev.walrusstream.app.cli.StoreQuiltCommand;
import dev.walrusstream.app.cli.InfoCommand;
import dev.walrusstream.app.cli.IngestCommand;
import dev.walrusstream.app.cli.JobCommand;
import dev.walrusstream.app.cli.KeeperCommand;
import dev.walrusstream.app.cli.ListBlobsCommand;
import dev.walrusstream.app.cli.NetCommand;
import dev.walrusstream.app.cli.NodeCommand;
import dev.walrusstream.app.cli.PublisherCommand;
import dev.walrusstream.app.cli.ReadCommand;
import dev.walrusstream.app.cli.ReceiptsCommand;
import dev.walrusstream.app.cli.ServicesCommand;
import dev.walrusstream.app.cli.StoreCommand;
import dev.walrusstream.app.cli.UpCommand;
import dev.walrusstream.app.cli.DashedIdHint;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code walrus-stream} launcher. */
@Command(name = "walrus-stream",
        mixinStandardHelpOptions = true,
        version = "walrus-stream 0.1.0",
        description = "Streams data from Kafka into Walrus-compatible decentralized storage.",
        subcommands = {
            DemoCommand.class,
            UpCommand.class,
            BlobIdCommand.class,
            EncodeCommand.class,
            NetCommand.class,
            ChainCommand.class,
            NodeCommand.class,
            StoreCommand.class,
            ReadCommand.class,
            StoreQuiltCommand.class,
            ReadQuiltCommand.class,
            ListPatchesInQuiltCommand.class,
            GetCommand.class,
            RestoreCommand.class,
            AggregatorCommand.class,
            BlobStatusCommand.class,
            ExtendCommand.class,
            DeleteCommand.class,
            GetBlobAttributeCommand.class,
            ListBlobsCommand.class,
            KeeperCommand.class,
            InfoCommand.class,
            IngestCommand.class,
            PublisherCommand.class,
            ServicesCommand.class,
            JobCommand.class,
            ReceiptsCommand.class,
            DatasetCommand.class,
            DatasetsCommand.class,
            BenchCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** As {@link #run(String...)} with picocli's out and err replaced (null keeps System.out / System.err). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        CommandLine.IParameterExceptionHandler parseErrors = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, arguments) -> {
            int code = parseErrors.handleParseException(e, arguments);
            DashedIdHint.of(e, arguments).ifPresent(e.getCommandLine().getErr()::println);
            return code;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            if (Boolean.getBoolean("walrus.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
