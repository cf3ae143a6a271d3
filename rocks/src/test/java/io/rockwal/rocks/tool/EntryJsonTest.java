package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.rockwal.core.EncodedEvent;
import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.StandardEvents;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The envelope the tool prints around every entry. */
class EntryJsonTest {

    private static WalEntry entry(long lsn, Event event, long timestampMillis) {
        EncodedEvent encoded = StandardEvents.catalog().encode(event);
        return new WalEntry(
                lsn, encoded.type(), encoded.operation(), timestampMillis, encoded.codecId(), encoded.payload());
    }

    private static EntryJson.Rendered render(WalEntry entry, boolean raw) {
        return EntryJson.render(entry, raw, StandardEvents.catalog());
    }

    @Test
    void anEntryHasItsFieldsThenTheDecodedEvent() {
        EntryJson.Rendered rendered = render(entry(7, ToolFixtures.prior(), 1_700_000_000_123L), false);
        assertThat(rendered.error()).isNull();
        assertThat(JsonText.compact(rendered.json()))
                .isEqualTo("{\"lsn\":7,\"type\":\"wal:priorsync\",\"operation\":\"REQUEST\","
                        + "\"timestamp\":{\"iso\":\"2023-11-14T22:13:20.123Z\",\"epochMillis\":1700000000123},\"codec\":3,"
                        + "\"eventClass\":\"PriorSyncEvent\",\"payloadBytes\":10,"
                        + "\"event\":{\"priorsync\":{\"blocknumber\":\"41\",\"blockhash\":\"0001abff\"}}}");
    }

    @Test
    void theOperationIsTheOriginalWireName() {
        JsonObject json = render(entry(1, ToolFixtures.header(1), 0), false).json();
        assertThat(json.get("operation").getAsString()).isEqualTo("Download");
        assertThat(json.get("timestamp"))
                .isEqualTo(ToolFixtures.parse("{\"iso\": \"1970-01-01T00:00:00.000Z\", \"epochMillis\": 0}"));
    }

    @Test
    void rawShowsTheStoredPayloadInHexInsteadOfTheEvent() {
        WalEntry entry = entry(2, ToolFixtures.block(9), 1);
        JsonObject json = render(entry, true).json();
        assertThat(json.has("event")).isFalse();
        assertThat(json.get("payload").getAsString()).isEqualTo(HexFormat.of().formatHex(entry.payload()));
    }

    @Test
    void aPayloadThatDoesNotDecodeIsShownInHexWithTheError() {
        WalEntry broken = new WalEntry(3, WalType.POTS, Operation.APPEND, 1, 8, ToolFixtures.bytes(9, 9, 9));
        EntryJson.Rendered rendered = render(broken, false);
        assertThat(rendered.error()).contains("PoTSBlockEvent");
        JsonObject json = rendered.json();
        assertThat(json.has("event")).isFalse();
        assertThat(json.get("payload").getAsString()).isEqualTo("090909");
        assertThat(json.get("error").getAsString()).isEqualTo(rendered.error());
        assertThat(json.get("eventClass").getAsString()).isEqualTo("PoTSBlockEvent");
    }

    @Test
    void anEntryOfACodecOutsideTheStandardCatalogueIsShownInHexWithoutError() {
        WalEntry custom = new WalEntry(4, WalType.of("peer:score"), Operation.UPDATE, 1, 1000, ToolFixtures.bytes(1));
        EntryJson.Rendered rendered = render(custom, false);
        assertThat(rendered.error()).isNull();
        JsonObject json = rendered.json();
        assertThat(json.keySet()).doesNotContain("event", "eventClass").contains("notDecoded");
        assertThat(json.get("payload").getAsString()).isEqualTo("01");
    }
}
