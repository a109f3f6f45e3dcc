package dev.walrusstream.sui.tx;

import java.util.List;

/**
 * The inputs and commands of a programmable transaction block. Construction checks that every
 * argument refers to an existing input or to an earlier command.
 */
public record ProgrammableTransaction(List<CallArg> inputs, List<Command> commands) {
    public ProgrammableTransaction {
        inputs = List.copyOf(inputs);
        commands = List.copyOf(commands);
        for (int c = 0; c < commands.size(); c++) {
            for (Argument a : arguments(commands.get(c))) {
                check(a, c, inputs.size());
            }
        }
    }

    private static void check(Argument a, int command, int inputCount) {
        if (a instanceof Argument.Input in && in.index() >= inputCount) {
            throw new IllegalArgumentException("command " + command + " uses Input(" + in.index()
                    + ") but there are only " + inputCount + " inputs");
        }
        if (a instanceof Argument.Result r && r.command() >= command) {
            throw new IllegalArgumentException("command " + command + " uses Result(" + r.command()
                    + "), which is not an earlier command");
        }
        if (a instanceof Argument.NestedResult n && n.command() >= command) {
            throw new IllegalArgumentException("command " + command + " uses NestedResult(" + n.command()
                    + ", " + n.result() + "), which is not an earlier command");
        }
    }

    /** Every argument a command reads, in order. */
    public static List<Argument> arguments(Command command) {
        if (command instanceof Command.MoveCall m) {
            return m.arguments();
        } else if (command instanceof Command.TransferObjects t) {
            return concat(t.objects(), t.address());
        } else if (command instanceof Command.SplitCoins s) {
            return concat(List.of(s.coin()), s.amounts());
        } else if (command instanceof Command.MergeCoins m) {
            return concat(List.of(m.destination()), m.sources());
        } else if (command instanceof Command.MakeMoveVec v) {
            return v.elements();
        } else if (command instanceof Command.Upgrade u) {
            return List.of(u.ticket());
        }
        return List.of(); // Publish
    }

    private static List<Argument> concat(List<Argument> first, Argument last) {
        return concat(first, List.of(last));
    }

    private static List<Argument> concat(List<Argument> first, List<Argument> second) {
        java.util.ArrayList<Argument> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
