package dev.walrusstream.node;

/**
 * Test hook: how a Byzantine storage node misbehaves when asked for a storage confirmation
 * ({@link StorageNode#misbehave}). Honest nodes never use it; it exists so the client's defences
 * are tested over real HTTP against real nodes.
 */
public enum Misbehaviour {
    /** Confirms as the protocol says. */
    HONEST,
    /** Serves the right message with a signature over something else. */
    WRONG_SIGNATURE,
    /** Signs, with its own key, a confirmation of another blob ID. */
    OTHER_BLOB,
    /** Signs, with its own key, a confirmation for the next epoch. */
    OTHER_EPOCH,
    /** Accepts the slivers and then loses them before confirming (its storage is wiped). */
    LOSES_SLIVERS,
    /**
     * Honest, but answers the sliver-batch upload ({@code PUT /v1/blobs/{id}/slivers}) as a Walrus node
     * does, with 404: clients must send it one sliver per PUT.
     */
    WALRUS_API_ONLY
}
