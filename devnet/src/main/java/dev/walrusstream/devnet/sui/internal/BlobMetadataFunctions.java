package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.proto.ExecutionError.ExecutionErrorKind;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.Command;
import dev.walrusstream.sui.walrus.WalrusBlobAttributes;

import java.util.List;

/**
 * Walrus's blob attributes: {@code metadata::new}, {@code blob::add_metadata},
 * {@code blob::insert_or_update_metadata_pair} and {@code blob::remove_metadata_pair}, keeping the
 * {@code Field<vector<u8>, Metadata>} dynamic field under the Blob as the contract does. These touch Sui
 * objects only (no LocalChain transaction), so they combine with a Walrus call in one transaction.
 */
final class BlobMetadataFunctions {
    /** blob.move's abort when add_metadata finds attributes already there. */
    static final long E_DUPLICATE_METADATA = 6;
    /** blob.move's abort when a pair is removed from a blob without attributes. */
    static final long E_MISSING_METADATA = 7;
    /** sui::vec_map's abort for a key that is not in the map. */
    static final long E_KEY_DOES_NOT_EXIST = 1;

    private final Execution x;
    private final PtbRunner runner;

    BlobMetadataFunctions(Execution x, PtbRunner runner) {
        this.x = x;
        this.runner = runner;
    }

    static boolean handles(Command.MoveCall call) {
        return call.module().equals("metadata") && call.function().equals("new")
                || call.module().equals("blob") && List.of("add_metadata", "insert_or_update_metadata_pair",
                "remove_metadata_pair").contains(call.function());
    }

    List<PtbRunner.Value> call(Command.MoveCall call) {
        List<Argument> a = call.arguments();
        switch (call.function()) {
            case "new": {
                runner.arity(call, 0, 0);
                return List.of(new PtbRunner.MetadataValue(WalrusBlobAttributes.empty()));
            }
            case "add_metadata": {
                runner.arity(call, 2, 0);
                Execution.Working blob = blob(a.get(0));
                if (!(runner.value(a.get(1)) instanceof PtbRunner.MetadataValue m) || m.consumed) {
                    throw runner.fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument 1 of add_metadata is not an "
                            + "unused Metadata value");
                }
                if (field(blob) != null) {
                    throw Failure.abort(x.command, call.packageId(), "blob", "add_metadata", E_DUPLICATE_METADATA,
                            "EDuplicateMetadata: blob " + blob.id + " already has attributes");
                }
                m.consumed = true;
                write(blob, m.attributes);
                return List.of(PtbRunner.UNIT);
            }
            case "insert_or_update_metadata_pair": {
                runner.arity(call, 3, 0);
                Execution.Working blob = blob(a.get(0));
                String key = string(a.get(1));
                String value = string(a.get(2));
                Execution.Working f = field(blob);
                WalrusBlobAttributes now = f == null ? WalrusBlobAttributes.empty()
                        : WalrusBlobAttributes.fromFieldContents(f.contents);
                write(blob, now.with(key, value));
                return List.of(PtbRunner.UNIT);
            }
            case "remove_metadata_pair": {
                runner.arity(call, 2, 0);
                Execution.Working blob = blob(a.get(0));
                String key = string(a.get(1));
                Execution.Working f = field(blob);
                if (f == null) {
                    throw Failure.abort(x.command, call.packageId(), "blob", "remove_metadata_pair", E_MISSING_METADATA,
                            "EMissingMetadata: blob " + blob.id + " has no attributes");
                }
                WalrusBlobAttributes now = WalrusBlobAttributes.fromFieldContents(f.contents);
                if (!now.pairs().containsKey(key)) {
                    throw Failure.abort(x.command, Failure.SUI_FRAMEWORK, "vec_map", "remove", E_KEY_DOES_NOT_EXIST,
                            "EKeyDoesNotExist: blob " + blob.id + " has no attribute '" + key + "'");
                }
                String value = now.pairs().get(key);
                write(blob, now.without(key));
                return List.of(new PtbRunner.PureValue(new BcsWriter().string(key).toByteArray()),
                        new PtbRunner.PureValue(new BcsWriter().string(value).toByteArray()));
            }
            default:
                throw runner.fail(ExecutionErrorKind.FUNCTION_NOT_FOUND, "function " + call.target() + " is not "
                        + "available on this local Sui ledger");
        }
    }

    /** The blob's attributes field as this transaction sees it, or null. */
    Execution.Working field(Execution.Working blob) {
        return x.get(WalrusBlobAttributes.fieldId(blob.id));
    }

    /** Deletes the attributes field of a blob being deleted, if it has one (the contract drops it with the blob). */
    void deleteWith(ObjectId blob) {
        ObjectId id = WalrusBlobAttributes.fieldId(blob);
        if (x.get(id) != null) {
            if (x.store.get(id) != null) {
                x.children.add(id);
            }
            x.delete(id);
        }
    }

    private void write(Execution.Working blob, WalrusBlobAttributes attributes) {
        ObjectId id = WalrusBlobAttributes.fieldId(blob.id);
        Execution.Working f = x.get(id);
        byte[] contents = attributes.fieldContents(id);
        if (f == null) {
            f = x.createWithId(id, WalrusBlobAttributes.fieldType(x.ids.originalPackage()), contents);
            f.owner = new Owner.ObjectOwner(blob.id);
        } else {
            f.contents = contents;
            if (x.store.get(id) != null) {
                x.children.add(id);
            }
        }
    }

    private Execution.Working blob(Argument a) {
        return runner.object(a, WalrusObjects.blobType(x.ids));
    }

    private String string(Argument a) {
        byte[] b = runner.pure(a);
        try {
            BcsReader r = new BcsReader(b);
            String s = r.string();
            r.expectEnd("String");
            return s;
        } catch (RuntimeException e) {
            throw runner.fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument " + a + " is not a String: "
                    + e.getMessage());
        }
    }
}
