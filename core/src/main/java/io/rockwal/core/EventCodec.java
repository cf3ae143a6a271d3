package io.rockwal.core;

/**
 * Turns one class of {@link Event} into payload bytes and back.
 *
 * <p>A codec's {@link #id()} is stored with every entry it encodes and chooses the codec that decodes
 * it, so an id is an on-disk identifier: it must never be given to another codec, even after its own
 * codec is retired. Ids 1 to 999 belong to rockwal's own codecs; a node's own codecs use 1000 and up.
 *
 * <p>Implementations must be thread-safe and must round-trip exactly: {@code decode} of what
 * {@code encode} produced, under the same operation, equals the original event.
 *
 * @param <E> the event class this codec handles
 */
public interface EventCodec<E extends Event> {

    /** The largest codec id. */
    int MAX_ID = 65_535;

    /** The first codec id open to codecs that are not rockwal's own. */
    int FIRST_CUSTOM_ID = 1000;

    /** The stable codec id, 1 to {@value #MAX_ID}. */
    int id();

    /** The type every event of this codec is logged under. */
    WalType type();

    /** The exact class of the events this codec encodes; with {@link #type()} it selects the codec. */
    Class<E> eventClass();

    /**
     * Encodes an event's payload. The operation is not part of the payload: the log stores it beside.
     *
     * @throws EventCodecException if the event cannot be encoded
     */
    byte[] encode(E event);

    /**
     * The event's secondary key, which the log indexes so the entry can be found by it
     * ({@link EventLog#findByKey}, {@link EventLog#scanByKey}); null, the default, when events of this
     * codec have none. At most {@link IndexKeys#MAX_KEY_BYTES} bytes, compared as unsigned bytes. A PoTS
     * block's key is its block number, {@link IndexKeys#ofUnsignedLong(long)}.
     */
    default byte[] indexKey(E event) {
        return null;
    }

    /**
     * Decodes an entry written by this codec.
     *
     * @throws EventCodecException naming the entry's LSN and type if the payload does not decode
     */
    E decode(WalEntry entry);
}
