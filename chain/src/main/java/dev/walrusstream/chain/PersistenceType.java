package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

/** Walrus's {@code BlobPersistenceType}: permanent, or deletable with the blob object's ID. */
public sealed interface PersistenceType {

    /** The BCS bytes inside a confirmation message: {@code 0x00}, or {@code 0x01} and the object ID. */
    byte[] toBcs();

    record Permanent() implements PersistenceType {
        public static final Permanent INSTANCE = new Permanent();

        @Override
        public byte[] toBcs() {
            return new byte[] {0};
        }

        @Override
        public String toString() {
            return "permanent";
        }
    }

    record Deletable(ObjectId objectId) implements PersistenceType {
        public Deletable {
            if (objectId == null) {
                throw new IllegalArgumentException("deletable persistence needs the blob object ID");
            }
        }

        @Override
        public byte[] toBcs() {
            byte[] out = new byte[1 + ObjectId.LENGTH];
            out[0] = 1;
            System.arraycopy(objectId.bytes(), 0, out, 1, ObjectId.LENGTH);
            return out;
        }

        @Override
        public String toString() {
            return "deletable(" + objectId + ")";
        }
    }
}
