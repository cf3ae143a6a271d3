package io.rockwal.rocks.tool;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import io.rockwal.core.Event;
import io.rockwal.events.AccountSyncEvent;
import io.rockwal.events.DataSyncEvent;
import io.rockwal.events.HeaderSyncEvent;
import io.rockwal.events.MerkleSyncEvent;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.PriorSyncEvent;
import io.rockwal.events.ReconciliationBatchEntry;
import io.rockwal.events.ReconciliationBatchEvent;
import io.rockwal.events.ReconciliationEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The eight standard events as JSON. The five protobuf events are their message in the
 * {@linkplain ProtoJson standard JSON mapping, bytes as hex}. The three plain records are written field
 * by field, following the same conventions: 64-bit integers (block numbers, nonces, timestamps) as
 * decimal strings, unsigned where the original's field is a uint64, and bytes as lowercase hex. A PoTS
 * block's data is opaque bytes, so it is hex; when those bytes are JSON text (as the original node
 * writes them) the parsed JSON is shown beside, as {@code blockDataJson}. An event of any other class,
 * a node's own, is shown {@linkplain NodeEventJson by its record components}.
 */
final class EventJson {

    private static final HexFormat HEX = HexFormat.of();

    private EventJson() {}

    /**
     * The event's fields as JSON.
     *
     * @throws InvalidProtocolBufferException if a protobuf message cannot be printed as JSON
     */
    static JsonElement toJson(Event event) throws InvalidProtocolBufferException {
        if (event instanceof HeaderSyncEvent header) {
            return ProtoJson.toJson(header.response());
        } else if (event instanceof MerkleSyncEvent merkle) {
            return ProtoJson.toJson(merkle.message());
        } else if (event instanceof PriorSyncEvent prior) {
            return ProtoJson.toJson(prior.message());
        } else if (event instanceof DataSyncEvent data) {
            return ProtoJson.toJson(data.response());
        } else if (event instanceof AccountSyncEvent accounts) {
            return ProtoJson.toJson(accounts.response());
        } else if (event instanceof ReconciliationEvent single) {
            return reconciliation(single);
        } else if (event instanceof ReconciliationBatchEvent batch) {
            return reconciliationBatch(batch);
        } else if (event instanceof PoTSBlockEvent block) {
            return block(block);
        }
        return NodeEventJson.toJson(event);
    }

    private static JsonObject reconciliation(ReconciliationEvent event) {
        JsonObject json = new JsonObject();
        json.addProperty("accountAddress", event.accountAddress());
        json.addProperty("oldBalance", event.oldBalance());
        json.addProperty("newBalance", event.newBalance());
        json.addProperty("nonce", Long.toUnsignedString(event.nonce()));
        json.addProperty("timestamp", Long.toString(event.timestamp()));
        return json;
    }

    private static JsonObject reconciliationBatch(ReconciliationBatchEvent event) {
        JsonArray accounts = new JsonArray(event.accounts().size());
        for (ReconciliationBatchEntry account : event.accounts()) {
            JsonObject json = new JsonObject();
            json.addProperty("accountAddress", account.accountAddress());
            json.addProperty("newBalance", account.newBalance());
            json.addProperty("nonce", Long.toUnsignedString(account.nonce()));
            accounts.add(json);
        }
        JsonObject json = new JsonObject();
        json.addProperty("timestamp", Long.toString(event.timestamp()));
        json.addProperty("accountCount", event.accounts().size());
        json.add("accounts", accounts);
        return json;
    }

    private static JsonObject block(PoTSBlockEvent event) {
        byte[] data = event.blockData();
        JsonObject json = new JsonObject();
        json.addProperty("blockNumber", Long.toUnsignedString(event.blockNumber()));
        json.addProperty("timestamp", Long.toString(event.timestamp()));
        json.addProperty("blockDataBytes", data.length);
        json.addProperty("blockData", HEX.formatHex(data));
        JsonElement parsed = jsonText(data);
        if (parsed != null) {
            json.add("blockDataJson", parsed);
        }
        return json;
    }

    /** The bytes parsed as JSON if they are well-formed UTF-8 holding one JSON object or array; else null. */
    private static JsonElement jsonText(byte[] data) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        try {
            JsonElement parsed = JsonText.parse(text);
            return parsed.isJsonObject() || parsed.isJsonArray() ? parsed : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
