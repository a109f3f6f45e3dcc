package dev.walrusstream.sui.tx;

import dev.walrusstream.codec.ids.ObjectId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A command of a programmable transaction. BCS enum: MoveCall 0, TransferObjects 1, SplitCoins 2,
 * MergeCoins 3, Publish 4, MakeMoveVec 5, Upgrade 6.
 */
public sealed interface Command
        permits Command.MoveCall, Command.TransferObjects, Command.SplitCoins, Command.MergeCoins,
        Command.Publish, Command.MakeMoveVec, Command.Upgrade {

    /** {@code package::module::function<typeArguments>(arguments)}. */
    record MoveCall(ObjectId packageId, String module, String function, List<TypeTag> typeArguments,
                    List<Argument> arguments) implements Command {
        public MoveCall {
            Objects.requireNonNull(packageId, "packageId");
            Identifiers.check(module, "module name");
            Identifiers.check(function, "function name");
            typeArguments = List.copyOf(typeArguments);
            arguments = List.copyOf(arguments);
        }

        public String target() {
            return packageId + "::" + module + "::" + function;
        }
    }

    record TransferObjects(List<Argument> objects, Argument address) implements Command {
        public TransferObjects {
            objects = nonEmpty(objects, "TransferObjects objects");
            Objects.requireNonNull(address, "address");
        }
    }

    /** Splits one new coin per amount off {@code coin}; results are NestedResult(cmd, i). */
    record SplitCoins(Argument coin, List<Argument> amounts) implements Command {
        public SplitCoins {
            Objects.requireNonNull(coin, "coin");
            amounts = nonEmpty(amounts, "SplitCoins amounts");
        }
    }

    /** Merges {@code sources} into {@code destination}; the sources are destroyed. */
    record MergeCoins(Argument destination, List<Argument> sources) implements Command {
        public MergeCoins {
            Objects.requireNonNull(destination, "destination");
            sources = nonEmpty(sources, "MergeCoins sources");
        }
    }

    record Publish(List<byte[]> modules, List<ObjectId> dependencies) implements Command {
        public Publish {
            modules = copyModules(modules);
            dependencies = List.copyOf(dependencies);
        }

        @Override
        public List<byte[]> modules() {
            return copyModules(modules);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Publish p && sameModules(modules, p.modules) && dependencies.equals(p.dependencies);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modules.size(), dependencies);
        }
    }

    /** Builds a {@code vector<T>}; the element type is required when the vector holds pure values. */
    record MakeMoveVec(Optional<TypeTag> elementType, List<Argument> elements) implements Command {
        public MakeMoveVec {
            Objects.requireNonNull(elementType, "elementType");
            elements = List.copyOf(elements);
        }
    }

    record Upgrade(List<byte[]> modules, List<ObjectId> dependencies, ObjectId packageId, Argument ticket)
            implements Command {
        public Upgrade {
            modules = copyModules(modules);
            dependencies = List.copyOf(dependencies);
            Objects.requireNonNull(packageId, "packageId");
            Objects.requireNonNull(ticket, "ticket");
        }

        @Override
        public List<byte[]> modules() {
            return copyModules(modules);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Upgrade u && sameModules(modules, u.modules) && dependencies.equals(u.dependencies)
                    && packageId.equals(u.packageId) && ticket.equals(u.ticket);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modules.size(), dependencies, packageId, ticket);
        }
    }

    private static List<Argument> nonEmpty(List<Argument> list, String what) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return List.copyOf(list);
    }

    private static List<byte[]> copyModules(List<byte[]> modules) {
        List<byte[]> copy = new ArrayList<>(modules.size());
        for (byte[] m : modules) {
            copy.add(m.clone());
        }
        return List.copyOf(copy);
    }

    private static boolean sameModules(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
