package io.rockwal.events;

import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.WalEntry;

/** The check every codec of this package makes before it reads a payload. */
final class EntryChecks {

    private EntryChecks() {}

    /**
     * Fails unless the entry was written by this codec under its type. A catalogue never hands a codec
     * another codec's entry, but a codec taken from {@link EventFactory#forType} can be given any entry:
     * for example the batch reconciliation codec, given a single reconciliation entry.
     *
     * @throws EventCodecException naming the entry's type and LSN and the codec's id
     */
    static void requireWrittenBy(EventCodec<?> codec, WalEntry entry) {
        if (entry.codecId() != codec.id() || !entry.type().equals(codec.type())) {
            throw new EventCodecException(
                    "entry of codec " + entry.codecId() + " cannot be read by codec " + codec.id() + " ("
                            + codec.eventClass().getSimpleName() + ", type " + codec.type() + ")",
                    entry.type(),
                    entry.lsn(),
                    codec.id(),
                    null);
        }
    }
}
