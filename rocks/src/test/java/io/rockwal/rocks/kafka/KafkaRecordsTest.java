package io.rockwal.rocks.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.StandardEvents;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The record format both ways, and consumed records that are not what the exporter writes. */
class KafkaRecordsTest {

    private static final WalEntry ENTRY = entry();

    private static WalEntry entry() {
        EncodedEvent encoded =
                StandardEvents.catalog().encode(new PoTSBlockEvent(Operation.APPEND, 42, new byte[] {1, 2, 3}, 5));
        return new WalEntry(
                7, encoded.type(), encoded.operation(), 1_700_000_000_123L, encoded.codecId(), encoded.payload());
    }

    private static ConsumerRecord<byte[], byte[]> record(Headers headers, byte[] value) {
        return new ConsumerRecord<>(
                "rockwal",
                3,
                99,
                1_700_000_000_123L,
                TimestampType.CREATE_TIME,
                4,
                value == null ? -1 : value.length,
                "node-7".getBytes(StandardCharsets.UTF_8),
                value,
                headers,
                Optional.empty());
    }

    @Test
    void aRecordTurnsBackIntoTheEntryTheNodeStored() {
        WalEntry back = KafkaRecords.toEntry(record(KafkaRecords.headers(ENTRY), ENTRY.payload()));
        assertThat(back).isEqualTo(ENTRY);
        assertThat(EventFactory.decode(back)).isEqualTo(EventFactory.decode(ENTRY));
        assertThat(KafkaRecords.gap(record(KafkaRecords.headers(ENTRY), ENTRY.payload())))
                .isEmpty();
    }

    @Test
    void aGapRecordSaysWhichLsnsAreMissingAndIsNoEntry() {
        ConsumerRecord<byte[], byte[]> gap = record(KafkaRecords.gapHeaders(10, 19), null);
        assertThat(KafkaRecords.gap(gap))
                .hasValueSatisfying(range -> assertThat(range).containsExactly(10, 19));
        assertThat(KafkaRecords.lsn(gap)).isEqualTo(19);
        assertThatThrownBy(() -> KafkaRecords.toEntry(gap))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rockwal-3@99")
                .hasMessageContaining("gap record")
                .hasMessageContaining("10 to 19");
    }

    @Test
    void aMissingRepeatedOrMalformedHeaderIsNamedWithTheRecord() {
        Headers noLsn = KafkaRecords.headers(ENTRY);
        noLsn.remove(KafkaRecords.LSN);
        assertThatThrownBy(() -> KafkaRecords.toEntry(record(noLsn, ENTRY.payload())))
                .hasMessageContaining("rockwal-3@99")
                .hasMessageContaining("header rockwal.lsn is missing");

        Headers twice = KafkaRecords.headers(ENTRY).add(KafkaRecords.TYPE, "wal:pots".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KafkaRecords.toEntry(record(twice, ENTRY.payload())))
                .hasMessageContaining("header rockwal.type appears twice");

        Headers shortLsn = KafkaRecords.headers(ENTRY);
        shortLsn.remove(KafkaRecords.LSN).add(KafkaRecords.LSN, new byte[] {1, 2});
        assertThatThrownBy(() -> KafkaRecords.toEntry(record(shortLsn, ENTRY.payload())))
                .hasMessageContaining("header rockwal.lsn has 2 bytes, expected 8");

        Headers badType = KafkaRecords.headers(ENTRY);
        badType.remove(KafkaRecords.TYPE).add(KafkaRecords.TYPE, "pots block".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KafkaRecords.toEntry(record(badType, ENTRY.payload())))
                .hasMessageContaining("header rockwal.type is not a type name");

        Headers badOperation = KafkaRecords.headers(ENTRY);
        badOperation
                .remove(KafkaRecords.OPERATION)
                .add(KafkaRecords.OPERATION, "DROP".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KafkaRecords.toEntry(record(badOperation, ENTRY.payload())))
                .hasMessageContaining("header rockwal.operation is \"DROP\"");

        Headers badCodec = KafkaRecords.headers(ENTRY);
        badCodec.remove(KafkaRecords.CODEC).add(KafkaRecords.CODEC, new byte[] {0});
        assertThatThrownBy(() -> KafkaRecords.toEntry(record(badCodec, ENTRY.payload())))
                .hasMessageContaining("header rockwal.codec has 1 bytes, expected 4");

        assertThatThrownBy(() -> KafkaRecords.toEntry(record(KafkaRecords.headers(ENTRY), null)))
                .hasMessageContaining("LSN 7")
                .hasMessageContaining("has no value");
    }

    @Test
    void everyHeaderHasTheDocumentedNameAndWidth() {
        Headers headers = KafkaRecords.headers(ENTRY);
        assertThat(headers.lastHeader("rockwal.lsn").value()).containsExactly(0, 0, 0, 0, 0, 0, 0, 7);
        assertThat(new String(headers.lastHeader("rockwal.type").value(), StandardCharsets.UTF_8))
                .isEqualTo(WalType.POTS.name());
        assertThat(new String(headers.lastHeader("rockwal.operation").value(), StandardCharsets.UTF_8))
                .isEqualTo(Operation.APPEND.wireName());
        assertThat(headers.lastHeader("rockwal.codec").value()).hasSize(4);
        assertThat(headers.lastHeader("rockwal.timestamp").value()).hasSize(8);
    }
}
