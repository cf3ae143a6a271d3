package io.rockwal.events;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.rockwal.core.Event;
import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLog;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.io.IOException;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A codec for an event that wraps one protobuf message: the payload is the message's own protobuf
 * bytes ({@link MessageLite#toByteArray()}), so the stored bytes are the wire bytes, and the operation
 * comes from the entry. The five proto-carrying standard events use it; a node can use it for its own
 * event type:
 *
 * <pre>{@code
 * record PeerScoreEvent(Operation operation, PeerScore score) implements Event {
 *     public WalType type() { return PEER_SCORE; }
 * }
 * EventCatalog catalog = StandardEvents.catalog().toBuilder()
 *         .add(new ProtobufEventCodec<>(1000, PEER_SCORE, PeerScoreEvent.class, PeerScore.parser(),
 *                 PeerScoreEvent::score, PeerScoreEvent::new))
 *         .build();
 * }</pre>
 *
 * <p>Decoding reads untrusted bytes with bounds: at most {@link EventLog#MAX_PAYLOAD_BYTES} in total and
 * messages nested at most {@value #RECURSION_LIMIT} deep (recursive messages such as
 * {@code merkle.SnapshotNode} could otherwise nest until the stack overflows). Fields the message does not
 * know are kept, as protobuf does, so bytes from a newer peer survive a round trip; the price is that
 * garbage which happens to be well-formed protobuf decodes as unknown fields. Every failure is an
 * {@link EventCodecException} naming the type, the LSN and the codec id.
 *
 * <p>Thread-safe and immutable if the functions given are.
 *
 * @param <E> the event class
 * @param <M> the protobuf message class of its payload
 */
public final class ProtobufEventCodec<E extends Event, M extends MessageLite> implements EventCodec<E> {

    /** How deeply messages may nest in a payload this codec decodes. */
    public static final int RECURSION_LIMIT = 100;

    private final int id;
    private final WalType type;
    private final Class<E> eventClass;
    private final Parser<M> parser;
    private final Function<? super E, ? extends M> toMessage;
    private final BiFunction<Operation, ? super M, ? extends E> toEvent;

    /**
     * Creates a codec.
     *
     * @param id the stable codec id; rockwal's own are listed in the package documentation, a node's own
     *     start at {@link EventCodec#FIRST_CUSTOM_ID}
     * @param type the type every event of this class is logged under
     * @param eventClass the exact event class
     * @param parser the message's parser, for example {@code HeaderSyncResponse.parser()}
     * @param toMessage the event's payload message; must not return null
     * @param toEvent builds the event from the entry's operation and the decoded message
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the id is outside 1 to {@value EventCodec#MAX_ID}
     */
    public ProtobufEventCodec(
            int id,
            WalType type,
            Class<E> eventClass,
            Parser<M> parser,
            Function<? super E, ? extends M> toMessage,
            BiFunction<Operation, ? super M, ? extends E> toEvent) {
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("codec id must be 1 to " + MAX_ID + ", was " + id);
        }
        this.id = id;
        this.type = Objects.requireNonNull(type, "type");
        this.eventClass = Objects.requireNonNull(eventClass, "eventClass");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.toMessage = Objects.requireNonNull(toMessage, "toMessage");
        this.toEvent = Objects.requireNonNull(toEvent, "toEvent");
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
     * Returns the message's protobuf bytes.
     *
     * @throws EventCodecException if the event has no message or its bytes would exceed
     *     {@link EventLog#MAX_PAYLOAD_BYTES} (checked before the bytes are made)
     */
    @Override
    public byte[] encode(E event) {
        Objects.requireNonNull(event, "event");
        M message = toMessage.apply(event);
        if (message == null) {
            throw new EventCodecException(
                    eventClass.getSimpleName() + " has no message to encode",
                    type,
                    EventCodecException.NO_LSN,
                    id,
                    null);
        }
        int size = message.getSerializedSize();
        if (size > EventLog.MAX_PAYLOAD_BYTES) {
            throw new EventCodecException(
                    "encoded " + eventClass.getSimpleName() + " would take " + size + " bytes, more than "
                            + EventLog.MAX_PAYLOAD_BYTES,
                    type,
                    EventCodecException.NO_LSN,
                    id,
                    null);
        }
        return message.toByteArray();
    }

    /**
     * Parses the payload as one whole message and builds the event with the entry's operation.
     *
     * @throws EventCodecException if the entry was written by another codec or under another type, or if
     *     the payload is not a well-formed message within the bounds above
     */
    @Override
    public E decode(WalEntry entry) {
        Objects.requireNonNull(entry, "entry");
        EntryChecks.requireWrittenBy(this, entry);
        M message;
        try {
            // A read-only buffer hides its array, so protobuf copies it once; an array-backed one is read in place.
            CodedInputStream input = CodedInputStream.newInstance(entry.payloadBuffer());
            input.setSizeLimit(EventLog.MAX_PAYLOAD_BYTES);
            input.setRecursionLimit(RECURSION_LIMIT);
            message = parser.parseFrom(input);
            // Parsing stops early at a stray end-group tag; anything but the end of the payload is an error.
            input.checkLastTagWas(0);
            if (!input.isAtEnd()) {
                throw new InvalidProtocolBufferException("bytes follow the end of the message");
            }
        } catch (IOException | RuntimeException e) {
            throw new EventCodecException(
                    "payload is not a valid " + eventClass.getSimpleName() + ": " + e.getMessage(),
                    entry.type(),
                    entry.lsn(),
                    id,
                    e);
        }
        E event = toEvent.apply(entry.operation(), message);
        if (event == null) {
            throw new EventCodecException(
                    "no " + eventClass.getSimpleName() + " was built from the payload",
                    entry.type(),
                    entry.lsn(),
                    id,
                    null);
        }
        return event;
    }
}
