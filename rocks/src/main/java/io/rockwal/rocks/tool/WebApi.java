package io.rockwal.rocks.tool;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rockwal.core.EntryCursor;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLogReader;
import java.util.List;

/**
 * The JSON API of {@code rockwal serve}, over a reader: each method answers one endpoint from its
 * parameters, or throws {@link WebApi.BadRequest} (400) or {@link WebApi.NotFound} (404) with a
 * message naming what was wrong. Nothing here writes to the store; every page is bounded.
 */
final class WebApi {

    /** Entries in a page unless {@code limit} says otherwise. */
    static final int DEFAULT_PAGE = 50;
    /** The most entries one page returns. */
    static final int MAX_PAGE = 500;
    /** The most entries one page reads while it filters by operation, before it returns what it has. */
    static final int MAX_SCANNED = 20_000;

    /** A request the API refuses; its message says which parameter and why. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** What was asked for is not in the store. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private final RocksEventLogReader reader;
    private final EventCatalog catalog;

    /** An API over {@code reader}, decoding payloads with {@code catalog}. */
    WebApi(RocksEventLogReader reader, EventCatalog catalog) {
        this.reader = reader;
        this.catalog = catalog;
    }

    RocksEventLogReader reader() {
        return reader;
    }

    /** {@code /api/stats}: what {@code rockwal stats --json} prints. */
    JsonObject stats() {
        return StatsCommand.toJson(reader, reader.statistics());
    }

    /** {@code /api/entries/{lsn}}: what {@code rockwal get LSN} prints ({@code --raw} with raw). */
    JsonObject entry(String lsnText, boolean raw) {
        long lsn = lsn("LSN", lsnText);
        WalEntry entry = reader.get(lsn)
                .orElseThrow(() -> new NotFound("LSN " + lsn + " is not in " + reader.directory() + " ("
                        + ReadSession.retained(reader.metadata()) + ")"));
        return EntryJson.render(entry, raw, catalog).json();
    }

    /**
     * {@code /api/entries/{lsn}/neighbours}: the LSNs before and after it in the log and within its
     * type (null where there is none), and its type.
     */
    JsonObject neighbours(String lsnText) {
        long lsn = lsn("LSN", lsnText);
        WalEntry entry =
                reader.get(lsn).orElseThrow(() -> new NotFound("LSN " + lsn + " is not in " + reader.directory()));
        LsnMetadata state = reader.metadata();
        JsonObject json = new JsonObject();
        json.addProperty("lsn", lsn);
        json.addProperty("type", entry.type().name());
        json.addProperty("previous", lsn > state.firstRetainedLsn() ? lsn - 1 : null);
        json.addProperty("next", lsn < state.lastFlushedLsn() ? lsn + 1 : null);
        json.addProperty("previousOfType", previousOfType(entry.type(), lsn, state.firstRetainedLsn()));
        Long nextOfType = null;
        try (EntryCursor cursor = reader.cursor(entry.type(), lsn + 1)) {
            if (cursor.hasNext()) {
                nextOfType = cursor.next().lsn();
            }
        }
        json.addProperty("nextOfType", nextOfType);
        return json;
    }

    /** The last LSN of the type below {@code lsn}: a binary search on range counts, no entry read. */
    private Long previousOfType(WalType type, long lsn, long first) {
        if (lsn <= first || reader.count(type, first, lsn - 1) == 0) {
            return null;
        }
        long low = first;
        long high = lsn - 1; // an entry of the type lies in [low, high]; find the highest
        while (low < high) {
            long middle = low + (high - low + 1) / 2;
            if (reader.count(type, middle, lsn - 1) > 0) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /**
     * {@code /api/entries?type=&from=&op=&limit=}: a page of entries in LSN order from {@code from}
     * (default the first retained), of one type or all, optionally of one operation, with the LSN to
     * ask for next ({@code next}, null at the end of what is flushed).
     */
    JsonObject page(String typeText, String fromText, String operationText, String limitText) {
        WalType type = typeText == null || typeText.isEmpty() ? null : type(typeText);
        long from = fromText == null || fromText.isEmpty() ? 1 : lsn("from", fromText);
        Operation operation = operationText == null || operationText.isEmpty() ? null : operation(operationText);
        int limit = limitText == null || limitText.isEmpty() ? DEFAULT_PAGE : limit(limitText);
        JsonArray entries = new JsonArray();
        Long next = null;
        long scanned = 0;
        try (EntryCursor cursor = type == null ? reader.cursor(from) : reader.cursor(type, from)) {
            while (cursor.hasNext()) {
                if (entries.size() == limit || scanned == MAX_SCANNED) {
                    next = cursor.next().lsn();
                    break;
                }
                WalEntry entry = cursor.next();
                scanned++;
                if (operation == null || entry.operation() == operation) {
                    entries.add(summary(entry));
                }
            }
        }
        JsonObject json = new JsonObject();
        json.addProperty("type", type == null ? null : type.name());
        json.addProperty("operation", operation == null ? null : operation.wireName());
        json.addProperty("from", from);
        json.add("entries", entries);
        json.addProperty("next", next);
        return json;
    }

    /** {@code /api/blocks/{number}}: the PoTS entry of that block number, as {@code rockwal get} prints it. */
    JsonObject block(String numberText) {
        long number;
        try {
            number = Long.parseUnsignedLong(numberText);
        } catch (NumberFormatException e) {
            throw new BadRequest("block number must be an unsigned 64-bit integer, was \"" + numberText + "\"");
        }
        List<WalEntry> found = reader.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(number));
        if (found.isEmpty()) {
            throw new NotFound("no PoTS block " + Long.toUnsignedString(number) + " in " + reader.directory());
        }
        return EntryJson.render(found.get(found.size() - 1), false, catalog).json();
    }

    /** One entry of a page: what identifies it, without the payload. */
    static JsonObject summary(WalEntry entry) {
        JsonObject json = new JsonObject();
        json.addProperty("lsn", entry.lsn());
        json.addProperty("type", entry.type().name());
        json.addProperty("operation", entry.operation().wireName());
        json.add("timestamp", EntryJson.timestamp(entry.timestampMillis()));
        json.addProperty("payloadBytes", entry.payloadSize());
        return json;
    }

    static long lsn(String name, String text) {
        long lsn;
        try {
            lsn = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number, was \"" + printable(text) + "\"");
        }
        if (lsn < 1) {
            throw new BadRequest(name + " must be at least 1, was " + lsn);
        }
        return lsn;
    }

    WalType type(String text) {
        WalType type;
        try {
            type = new TypeConverter().convert(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("type \"" + printable(text) + "\" is not a valid type name: " + e.getMessage());
        }
        if (!reader.types().contains(type)) {
            throw new NotFound("type " + type.name() + " is not in " + reader.directory() + " (types: "
                    + reader.types().stream().map(WalType::name).toList() + ")");
        }
        return type;
    }

    static Operation operation(String text) {
        try {
            return Operation.fromWireName(text);
        } catch (IllegalArgumentException e) {
            for (Operation operation : Operation.values()) {
                if (operation.name().equalsIgnoreCase(text)) {
                    return operation; // the enum's own name, in any case, as the CLI accepts it too
                }
            }
            throw new BadRequest("operation \"" + printable(text) + "\" is not one of "
                    + java.util.Arrays.stream(Operation.values())
                            .map(Operation::wireName)
                            .toList());
        }
    }

    static int limit(String text) {
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequest("limit must be a whole number, was \"" + printable(text) + "\"");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadRequest("limit must be 1 to " + MAX_PAGE + ", was " + limit);
        }
        return limit;
    }

    /** A parameter as it may appear in a message: at most 80 characters, control characters shown as '?'. */
    static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    /** The LSN to start a live stream at: {@code from}, or the one after the last flushed. */
    long liveStart(String fromText) {
        return fromText == null || fromText.isEmpty() ? reader.metadata().lastFlushedLsn() + 1 : lsn("from", fromText);
    }
}
