package dev.walrusstream.sui.tx;

import dev.walrusstream.codec.ids.ObjectId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ProgrammableTransaction} the way Sui's Rust builder does: identical pure values
 * share one input, an object used twice is one input (a shared object used mutably anywhere
 * becomes a mutable input), and each command returns the {@link Argument.Result} of its output.
 * Inputs appear in the order they are first used. Not thread-safe.
 */
public final class PtbBuilder {
    private final List<CallArg> inputs = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();
    private final Map<PureKey, Integer> pureIndex = new HashMap<>();
    private final Map<ObjectId, Integer> objectIndex = new HashMap<>();

    /** Adds (or reuses) an input and returns the argument that reads it. */
    public Argument.Input input(CallArg arg) {
        if (arg instanceof CallArg.Pure p) {
            PureKey key = new PureKey(p.bcs());
            Integer existing = pureIndex.get(key);
            if (existing != null) {
                return Argument.input(existing);
            }
            int index = append(arg);
            pureIndex.put(key, index);
            return Argument.input(index);
        }
        ObjectId id = objectIdOf(arg);
        if (id == null) {
            return Argument.input(append(arg)); // funds withdrawals are never merged
        }
        Integer existing = objectIndex.get(id);
        if (existing == null) {
            int index = append(arg);
            objectIndex.put(id, index);
            return Argument.input(index);
        }
        inputs.set(existing, merge(inputs.get(existing), arg));
        return Argument.input(existing);
    }

    public Argument.Input pure(CallArg.Pure value) {
        return input(value);
    }

    /** Appends a command and returns its result. */
    public Argument.Result command(Command command) {
        if (commands.size() >= 0xFFFF) {
            throw new IllegalStateException("a programmable transaction holds at most 65535 commands");
        }
        commands.add(command);
        return Argument.result(commands.size() - 1);
    }

    public Argument.Result moveCall(ObjectId packageId, String module, String function, List<TypeTag> typeArguments,
                                    Argument... arguments) {
        return command(new Command.MoveCall(packageId, module, function, typeArguments, List.of(arguments)));
    }

    public Argument.Result splitCoins(Argument coin, Argument... amounts) {
        return command(new Command.SplitCoins(coin, List.of(amounts)));
    }

    public Argument.Result mergeCoins(Argument destination, List<Argument> sources) {
        return command(new Command.MergeCoins(destination, sources));
    }

    public Argument.Result transferObjects(List<Argument> objects, Argument recipient) {
        return command(new Command.TransferObjects(objects, recipient));
    }

    public int inputCount() {
        return inputs.size();
    }

    public int commandCount() {
        return commands.size();
    }

    public ProgrammableTransaction build() {
        return new ProgrammableTransaction(inputs, commands);
    }

    private int append(CallArg arg) {
        if (inputs.size() >= 0xFFFF) {
            throw new IllegalStateException("a programmable transaction holds at most 65535 inputs");
        }
        inputs.add(arg);
        return inputs.size() - 1;
    }

    private static ObjectId objectIdOf(CallArg arg) {
        if (arg instanceof CallArg.ImmOrOwnedObject o) {
            return o.ref().objectId();
        } else if (arg instanceof CallArg.SharedObject s) {
            return s.objectId();
        } else if (arg instanceof CallArg.Receiving r) {
            return r.ref().objectId();
        }
        return null;
    }

    private static CallArg merge(CallArg existing, CallArg added) {
        if (existing instanceof CallArg.SharedObject a && added instanceof CallArg.SharedObject b) {
            if (a.initialSharedVersion() != b.initialSharedVersion()) {
                throw new IllegalArgumentException("shared object " + a.objectId() + " added with initial shared "
                        + "versions " + a.initialSharedVersion() + " and " + b.initialSharedVersion());
            }
            return new CallArg.SharedObject(a.objectId(), a.initialSharedVersion(),
                    a.mutability().strongest(b.mutability()));
        }
        if (existing.equals(added)) {
            return existing;
        }
        throw new IllegalArgumentException("object " + objectIdOf(existing) + " is used as two different inputs: "
                + existing + " and " + added);
    }

    private record PureKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PureKey k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
