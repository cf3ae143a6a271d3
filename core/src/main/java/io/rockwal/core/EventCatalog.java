package io.rockwal.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The codecs a log uses, looked up by event class and type to encode and by codec id to decode.
 * One event class may have codecs for several types (a class of raw events, say), but only one codec
 * per class and type.
 *
 * <p>A log receives its catalogue when it is opened and keeps one column of storage per
 * {@linkplain #types() type} the catalogue names. Immutable and thread-safe. To add a node's own event
 * type to the standard ones, extend a catalogue with {@link #toBuilder()}:
 *
 * <pre>{@code
 * EventCatalog catalog = StandardEvents.catalog().toBuilder()
 *         .add(new MyEventCodec())   // id 1000 or above, its own WalType
 *         .build();
 * }</pre>
 */
public final class EventCatalog {

    /** The key codecs are found under for encoding. */
    private record Target(Class<?> eventClass, WalType type) {}

    private final Map<Target, EventCodec<?>> byTarget;
    private final Map<Integer, EventCodec<?>> byId;
    private final Set<WalType> types;

    private EventCatalog(Map<Target, EventCodec<?>> byTarget, Map<Integer, EventCodec<?>> byId, Set<WalType> types) {
        this.byTarget = byTarget;
        this.byId = byId;
        this.types = types;
    }

    /** A builder for an empty catalogue. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with every codec of this catalogue. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        byId.values().forEach(builder::add);
        return builder;
    }

    /** Every type some codec of the catalogue writes, in registration order. */
    public Set<WalType> types() {
        return types;
    }

    /** Every codec, in registration order. */
    public List<EventCodec<?>> codecs() {
        return List.copyOf(byId.values());
    }

    /** The codec with the given id, if registered. */
    public Optional<EventCodec<?>> codec(int codecId) {
        return Optional.ofNullable(byId.get(codecId));
    }

    /**
     * Encodes an event with the codec registered for its exact class and its type.
     *
     * @throws NullPointerException if the event, its type or its operation is null
     * @throws IllegalArgumentException if no codec is registered for the event's class and type, if
     *     the payload is larger than {@link EventLog#MAX_PAYLOAD_BYTES}, or the index key larger than
     *     {@link IndexKeys#MAX_KEY_BYTES}
     * @throws EventCodecException if the codec fails or returns no payload
     */
    public EncodedEvent encode(Event event) {
        Objects.requireNonNull(event, "event");
        WalType type = Objects.requireNonNull(event.type(), "event type");
        Operation operation = Objects.requireNonNull(event.operation(), "event operation");
        EventCodec<Event> codec = codecFor(event, type);
        byte[] payload;
        byte[] indexKey;
        try {
            payload = codec.encode(event);
            indexKey = codec.indexKey(event);
        } catch (EventCodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventCodecException(
                    "codec failed to encode " + event.getClass().getSimpleName(),
                    type,
                    EventCodecException.NO_LSN,
                    codec.id(),
                    e);
        }
        if (payload == null) {
            throw new EventCodecException(
                    "codec returned no payload for " + event.getClass().getSimpleName(),
                    type,
                    EventCodecException.NO_LSN,
                    codec.id(),
                    null);
        }
        if (payload.length > EventLog.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes for type " + type
                    + " exceeds the limit of " + EventLog.MAX_PAYLOAD_BYTES + " bytes");
        }
        if (indexKey != null && indexKey.length > IndexKeys.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("index key of " + indexKey.length + " bytes for type " + type
                    + " exceeds the limit of " + IndexKeys.MAX_KEY_BYTES + " bytes");
        }
        return new EncodedEvent(type, operation, codec.id(), payload, indexKey);
    }

    /**
     * Decodes an entry with the codec that wrote it.
     *
     * @throws EventCodecException naming the entry's LSN and type if no codec has the entry's codec id,
     *     if that codec writes another type, or if the payload does not decode
     */
    public Event decode(WalEntry entry) {
        Objects.requireNonNull(entry, "entry");
        EventCodec<?> codec = byId.get(entry.codecId());
        if (codec == null) {
            throw new EventCodecException(
                    "no codec with id " + entry.codecId() + " is registered",
                    entry.type(),
                    entry.lsn(),
                    entry.codecId(),
                    null);
        }
        if (!codec.type().equals(entry.type())) {
            throw new EventCodecException(
                    "codec " + codec.id() + " writes type " + codec.type() + ", not the entry's type",
                    entry.type(),
                    entry.lsn(),
                    entry.codecId(),
                    null);
        }
        try {
            return codec.decode(entry);
        } catch (EventCodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventCodecException(
                    "payload does not decode with codec " + codec.id(), entry.type(), entry.lsn(), entry.codecId(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private EventCodec<Event> codecFor(Event event, WalType type) {
        EventCodec<?> codec = byTarget.get(new Target(event.getClass(), type));
        if (codec == null) {
            throw new IllegalArgumentException(
                    "no codec is registered for event class " + event.getClass().getName() + " with type " + type);
        }
        return (EventCodec<Event>) codec;
    }

    /** Collects codecs; ids, and pairs of event class and type, must be unique. Not thread-safe. */
    public static final class Builder {

        private final Map<Target, EventCodec<?>> byTarget = new HashMap<>();
        private final Map<Integer, EventCodec<?>> byId = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Registers a codec.
         *
         * @throws IllegalArgumentException if its id is out of range or taken, or if another codec
         *     already handles its event class and type
         */
        public Builder add(EventCodec<?> codec) {
            Objects.requireNonNull(codec, "codec");
            int id = codec.id();
            WalType type = Objects.requireNonNull(codec.type(), "codec type");
            Class<?> eventClass = Objects.requireNonNull(codec.eventClass(), "codec event class");
            if (id < 1 || id > EventCodec.MAX_ID) {
                throw new IllegalArgumentException(
                        "codec id " + id + " of " + eventClass.getName() + " is outside 1.." + EventCodec.MAX_ID);
            }
            EventCodec<?> sameId = byId.get(id);
            if (sameId != null && sameId != codec) {
                throw new IllegalArgumentException("codec id " + id + " is taken by the codec for "
                        + sameId.eventClass().getName() + ", cannot register it for " + eventClass.getName());
            }
            Target target = new Target(eventClass, type);
            EventCodec<?> sameTarget = byTarget.get(target);
            if (sameTarget != null && sameTarget != codec) {
                throw new IllegalArgumentException("event class " + eventClass.getName() + " with type " + type
                        + " already has codec " + sameTarget.id());
            }
            byId.put(id, codec);
            byTarget.put(target, codec);
            return this;
        }

        /** An immutable catalogue of the codecs added so far. */
        public EventCatalog build() {
            Set<WalType> types = new LinkedHashSet<>();
            List<EventCodec<?>> codecs = new ArrayList<>(byId.values());
            codecs.forEach(codec -> types.add(codec.type()));
            return new EventCatalog(
                    Map.copyOf(byTarget),
                    Collections.unmodifiableMap(new LinkedHashMap<>(byId)),
                    Collections.unmodifiableSet(types));
        }
    }
}
