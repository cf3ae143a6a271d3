package io.rockwal.rocks.tool;

import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.WalEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One entry as the tool prints it, a JSON object:
 *
 * <pre>
 * lsn           number
 * type          the type's name, for example "wal:headersync"
 * operation     the original's wire name, for example "Download"
 * timestamp     {"iso": "2025-06-01T12:00:00.000Z", "epochMillis": 1748779200000}: when the log wrote it
 * codec         the codec id stored with the entry
 * eventClass    the event class of that codec id (absent for a codec the catalogue lacks)
 * payloadBytes  size of the stored payload
 * then one of:
 * event         the decoded payload ({@link EventJson})
 * payload       the stored payload in hex: with --raw; with "notDecoded" when no codec of the
 *               catalogue has the entry's codec id (a node's own type, its jar not on --class-path);
 *               with "error" when the payload does not decode
 * </pre>
 */
final class EntryJson {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    /**
     * An entry as JSON, and what went wrong decoding it.
     *
     * @param json the object to print
     * @param error why the payload did not decode, or null
     */
    record Rendered(JsonObject json, String error) {}

    private EntryJson() {}

    /**
     * The entry with its payload decoded by {@code catalog} (the standard codecs and the node's, see
     * {@link NodeCatalog}), or with its payload in hex when {@code raw}.
     */
    static Rendered render(WalEntry entry, boolean raw, EventCatalog catalog) {
        JsonObject json = new JsonObject();
        json.addProperty("lsn", entry.lsn());
        json.addProperty("type", entry.type().name());
        json.addProperty("operation", entry.operation().wireName());
        json.add("timestamp", timestamp(entry.timestampMillis()));
        json.addProperty("codec", entry.codecId());
        Optional<EventCodec<?>> codec = catalog.codec(entry.codecId());
        codec.ifPresent(c -> json.addProperty("eventClass", c.eventClass().getSimpleName()));
        json.addProperty("payloadBytes", entry.payloadSize());
        if (raw) {
            json.addProperty("payload", HEX.formatHex(entry.payload()));
            return new Rendered(json, null);
        }
        if (codec.isEmpty()) {
            json.addProperty(
                    "notDecoded",
                    "no codec with id " + entry.codecId() + " is known: a type of the"
                            + " node's own (put its jar on --class-path), or of a newer rockwal");
            json.addProperty("payload", HEX.formatHex(entry.payload()));
            return new Rendered(json, null);
        }
        String error;
        try {
            json.add("event", EventJson.toJson(catalog.decode(entry)));
            return new Rendered(json, null);
        } catch (EventCodecException e) {
            error = e.getMessage();
        } catch (InvalidProtocolBufferException e) {
            error = "the payload decodes but has no JSON form: " + e.getMessage();
        }
        json.addProperty("error", error);
        json.addProperty("payload", HEX.formatHex(entry.payload()));
        return new Rendered(json, error);
    }

    /** A time in milliseconds since the epoch as {"iso": ..., "epochMillis": ...}, in UTC. */
    static JsonObject timestamp(long epochMillis) {
        JsonObject json = new JsonObject();
        json.addProperty("iso", iso(epochMillis));
        json.addProperty("epochMillis", epochMillis);
        return json;
    }

    /** A time in milliseconds since the epoch in UTC, ISO-8601 to the millisecond: "2025-06-01T12:00:00.000Z". */
    static String iso(long epochMillis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }
}
