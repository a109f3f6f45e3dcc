package dev.walrusstream.sui.walrus;

/** The System object and its inner state as read at one moment. */
public record WalrusSystemSnapshot(WalrusSystemRef ref, WalrusSystemObject object, WalrusSystemState state) {
}
