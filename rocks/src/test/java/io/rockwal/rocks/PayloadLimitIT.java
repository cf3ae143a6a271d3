package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLog;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.StandardEvents;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payload limit, {@link EventLog#MAX_PAYLOAD_BYTES}, at its edge, through {@link RocksEventLog}: a
 * payload of exactly the limit is stored and read back unchanged after a reopen; one byte more is
 * refused before an LSN is used, naming the type and the limit, and what the log held is all still there.
 * Both kinds of limit are covered: the standard Kryo codec's (its output buffer stops at the limit) and
 * the catalogue's, which applies to any codec, here a node's own.
 */
class PayloadLimitIT {

    private static final int LIMIT = EventLog.MAX_PAYLOAD_BYTES;

    /** A PoTS block's Kryo header around its data: version, block 1, timestamp 2, a 4-byte data length. */
    private static final int POTS_HEADER_BYTES = 1 + 1 + 1 + 4;

    private static final EventCatalog CATALOG =
            StandardEvents.catalog().toBuilder().add(new NoteEvent.Codec()).build();

    private static int roundTrips;
    private static int refusals;

    @TempDir
    Path dir;

    @AfterAll
    static void printSummary() {
        System.out.printf(
                "payload limit: %d payloads of exactly %,d bytes round-tripped, %d of one byte more refused "
                        + "with nothing stored lost%n",
                roundTrips, LIMIT, refusals);
    }

    @Test
    void aPotsBlockWhosePayloadIsExactlyTheLimitIsStoredAndReadBackUnchanged() {
        PoTSBlockEvent block = potsBlockWithPayloadOf(LIMIT);
        assertThat(StandardEvents.catalog().encode(block).payload()).hasSize(LIMIT);

        assertRoundTrips(block);
    }

    @Test
    void aNodeEventWhosePayloadIsExactlyTheLimitIsStoredAndReadBackUnchanged() {
        NoteEvent note = noteWithPayloadOf(LIMIT);

        assertRoundTrips(note);
    }

    @Test
    void aPotsBlockOneByteOverTheLimitIsRefusedNamingTypeAndLimitAndNothingStoredIsLost() {
        assertRefusedKeepingTheLog(potsBlockWithPayloadOf(LIMIT + 1), EventCodecException.class, WalType.POTS);
    }

    @Test
    void aNodeEventOneByteOverTheLimitIsRefusedNamingTypeAndSizeAndNothingStoredIsLost() {
        assertRefusedKeepingTheLog(noteWithPayloadOf(LIMIT + 1), IllegalArgumentException.class, NoteEvent.TYPE);
    }

    private void assertRoundTrips(Event event) {
        long lsn;
        try (RocksEventLog log = open()) {
            lsn = log.write(event);
            log.flush();
        }
        try (RocksEventLog log = open()) {
            assertThat(log.get(lsn)).hasValueSatisfying(entry -> {
                assertThat(entry.payloadSize()).isEqualTo(LIMIT);
                assertThat(EventFactory.decode(entry, CATALOG)).isEqualTo(event);
            });
        }
        roundTrips++;
    }

    private void assertRefusedKeepingTheLog(Event tooLarge, Class<? extends RuntimeException> refusal, WalType type) {
        NoteEvent flushed = new NoteEvent("flushed before");
        NoteEvent buffered = new NoteEvent("buffered before");
        try (RocksEventLog log = open()) {
            log.write(flushed);
            log.flush();
            log.write(buffered);

            assertThatThrownBy(() -> log.write(tooLarge))
                    .isInstanceOf(refusal)
                    .hasMessageContaining(type.toString())
                    .hasMessageContaining(Integer.toString(LIMIT));

            assertThat(log.lastLsn()).isEqualTo(2);
            assertThat(log.write(new NoteEvent("after"))).isEqualTo(3);
            log.flush();
        }
        try (RocksEventLog log = open()) {
            assertThat(log.lastFlushedLsn()).isEqualTo(3);
            assertThat(EventFactory.decode(log.get(1).orElseThrow(), CATALOG)).isEqualTo(flushed);
            assertThat(EventFactory.decode(log.get(2).orElseThrow(), CATALOG)).isEqualTo(buffered);
            assertThat(EventFactory.decode(log.get(3).orElseThrow(), CATALOG)).isEqualTo(new NoteEvent("after"));
        }
        refusals++;
    }

    private RocksEventLog open() {
        return RocksEventLog.open(
                dir,
                RocksEventLogOptions.builder().batchSize(100).catalog(CATALOG).build());
    }

    /** A block whose Kryo payload is {@code payloadBytes} long (for sizes from 2^21 + 7 up). */
    private static PoTSBlockEvent potsBlockWithPayloadOf(int payloadBytes) {
        byte[] data = new byte[payloadBytes - POTS_HEADER_BYTES];
        Arrays.fill(data, (byte) 'b');
        return new PoTSBlockEvent(Operation.APPEND, 1, data, 2);
    }

    /** A note whose UTF-8 payload is {@code payloadBytes} long. */
    private static NoteEvent noteWithPayloadOf(int payloadBytes) {
        byte[] text = new byte[payloadBytes];
        Arrays.fill(text, (byte) 'n');
        return new NoteEvent(new String(text, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
