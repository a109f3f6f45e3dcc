package dev.walrusstream.sui.tx;

/**
 * A command argument in a programmable transaction. BCS enum: GasCoin 0, Input 1 (u16),
 * Result 2 (u16), NestedResult 3 (u16 command, u16 result).
 */
public sealed interface Argument
        permits Argument.GasCoin, Argument.Input, Argument.Result, Argument.NestedResult {

    /** The gas coin (usable by reference, in SplitCoins, or in TransferObjects). */
    GasCoin GAS_COIN = new GasCoin();

    static Input input(int index) {
        return new Input(index);
    }

    static Result result(int command) {
        return new Result(command);
    }

    static NestedResult nested(int command, int result) {
        return new NestedResult(command, result);
    }

    record GasCoin() implements Argument {
    }

    record Input(int index) implements Argument {
        public Input {
            checkU16(index, "input index");
        }
    }

    /** The whole result of a command (a single value, or all values of a multi-result command). */
    record Result(int command) implements Argument {
        public Result {
            checkU16(command, "result command index");
        }

        /** The {@code index}-th value of this command's results. */
        public NestedResult get(int index) {
            return new NestedResult(command, index);
        }
    }

    record NestedResult(int command, int result) implements Argument {
        public NestedResult {
            checkU16(command, "nested result command index");
            checkU16(result, "nested result index");
        }
    }

    private static void checkU16(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " " + value + " is outside u16 range 0..65535");
        }
    }
}
