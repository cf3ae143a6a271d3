package io.rockwal.core;

/**
 * Something a node logs. An event knows its type and operation; turning it into bytes is the job of
 * the {@link EventCodec} that an {@link EventCatalog} registers for its class.
 *
 * <p>Implementations should be immutable values with equality by content, so that an event read back
 * from the log equals the one written.
 */
public interface Event {

    /** The entry type the event is logged under; never null. */
    WalType type();

    /** What the event did; never null. */
    Operation operation();
}
