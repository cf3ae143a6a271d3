package io.rockwal.events;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import io.rockwal.core.Event;
import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLog;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A codec for one plain record class, through a pooled {@link Kryo} from {@link KryoRegistry}.
 *
 * <p>The payload is exactly what the class's registered serializer writes, with no Kryo class id in
 * front: the entry's codec id already names the class, so the codec writes with
 * {@link Kryo#writeObject(Output, Object)} and reads with {@link Kryo#readObject} and the known class.
 * Both still go through the registration, so a class missing from the registry fails either way.
 *
 * <p>Decoding accepts only a whole record: trailing bytes after it, an entry written by another codec,
 * or an entry whose operation is not the one the record carries are errors. Every failure is an
 * {@link EventCodecException} naming the type, the LSN and this codec's id. Thread-safe.
 */
final class KryoCodec<E extends Event> implements EventCodec<E> {

    private static final int MIN_BUFFER_BYTES = 64;

    private final int id;
    private final WalType type;
    private final Class<E> eventClass;
    private final ToIntFunction<? super E> sizeHint;
    private final Function<? super E, byte[]> indexKey;

    /**
     * @param sizeHint a guess of an event's encoded size; the output buffer starts there and grows by
     *     doubling up to {@link EventLog#MAX_PAYLOAD_BYTES}
     */
    KryoCodec(int id, WalType type, Class<E> eventClass, ToIntFunction<? super E> sizeHint) {
        this(id, type, eventClass, sizeHint, event -> null);
    }

    /** As above, with the secondary key of each event ({@link EventCodec#indexKey}). */
    KryoCodec(
            int id,
            WalType type,
            Class<E> eventClass,
            ToIntFunction<? super E> sizeHint,
            Function<? super E, byte[]> indexKey) {
        this.id = id;
        this.type = Objects.requireNonNull(type, "type");
        this.eventClass = Objects.requireNonNull(eventClass, "eventClass");
        this.sizeHint = Objects.requireNonNull(sizeHint, "sizeHint");
        this.indexKey = Objects.requireNonNull(indexKey, "indexKey");
    }

    @Override
    public byte[] indexKey(E event) {
        return indexKey.apply(event);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public WalType type() {
        return type;
    }

    @Override
    public Class<E> eventClass() {
        return eventClass;
    }

    /**
     * Writes the event with its registered serializer.
     *
     * @throws EventCodecException if the event has a string that is not well-formed UTF-16, if its
     *     payload would exceed {@link EventLog#MAX_PAYLOAD_BYTES}, or if its class is not registered
     */
    @Override
    public byte[] encode(E event) {
        Objects.requireNonNull(event, "event");
        int initialBytes = Math.max(MIN_BUFFER_BYTES, Math.min(sizeHint.applyAsInt(event), EventLog.MAX_PAYLOAD_BYTES));
        Output output = new Output(initialBytes, EventLog.MAX_PAYLOAD_BYTES);
        Kryo kryo = KryoRegistry.obtain();
        try {
            kryo.writeObject(output, event);
        } catch (KryoBufferOverflowException e) {
            throw new EventCodecException(
                    "encoded " + eventClass.getSimpleName() + " would exceed " + EventLog.MAX_PAYLOAD_BYTES + " bytes",
                    type,
                    EventCodecException.NO_LSN,
                    id,
                    e);
        } catch (RuntimeException e) {
            throw new EventCodecException(
                    "cannot encode " + eventClass.getSimpleName() + ": " + e.getMessage(),
                    type,
                    EventCodecException.NO_LSN,
                    id,
                    e);
        }
        KryoRegistry.release(kryo);
        return output.position() == output.getBuffer().length ? output.getBuffer() : output.toBytes();
    }

    /**
     * Reads one whole record with the class's registered serializer.
     *
     * @throws EventCodecException if the entry was written by another codec or under another type, if the
     *     payload is not exactly one record of the supported format version, if a length in it exceeds the
     *     bytes left, or if the entry's operation is not the record's
     */
    @Override
    public E decode(WalEntry entry) {
        Objects.requireNonNull(entry, "entry");
        EntryChecks.requireWrittenBy(this, entry);
        ByteBufferInput input = new ByteBufferInput(entry.payloadBuffer());
        Kryo kryo = KryoRegistry.obtain();
        E event;
        try {
            KryoRegistry.graphContext(kryo).put(KryoRegistry.ENTRY_OPERATION, entry.operation());
            event = kryo.readObject(input, eventClass);
        } catch (RuntimeException e) {
            throw new EventCodecException(
                    "payload is not a valid " + eventClass.getSimpleName() + ": " + e.getMessage(),
                    entry.type(),
                    entry.lsn(),
                    id,
                    e);
        }
        KryoRegistry.release(kryo);
        int trailing = input.limit() - input.position();
        if (trailing != 0) {
            throw new EventCodecException(
                    trailing + " bytes follow the " + eventClass.getSimpleName() + " record",
                    entry.type(),
                    entry.lsn(),
                    id,
                    null);
        }
        if (event.operation() != entry.operation()) {
            throw new EventCodecException(
                    eventClass.getSimpleName() + " has operation " + event.operation() + " but the entry says "
                            + entry.operation(),
                    entry.type(),
                    entry.lsn(),
                    id,
                    null);
        }
        return event;
    }
}
