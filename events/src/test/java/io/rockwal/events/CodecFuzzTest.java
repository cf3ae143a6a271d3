package io.rockwal.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rockwal.core.EncodedEvent;
import io.rockwal.core.Event;
import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.testkit.DecoderContract;
import io.rockwal.testkit.FuzzTally;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzz targets for every codec of the standard catalogue, called directly, and for
 * {@link EventFactory#decode(WalEntry)} with any codec id and type. Each checks the
 * {@link DecoderContract} (the only documented failure is {@link EventCodecException}), and where a
 * decode succeeds, that encoding the event again and decoding that gives an equal event (events, not
 * bytes, are compared: protobuf keeps unknown fields but may write them in another order).
 *
 * <p>In the default build Jazzer replays the checked-in corpus, {@code CodecFuzzTestInputs/<method>/}
 * under this package's test resources, plus the empty input; with the {@code fuzz} profile it fuzzes
 * each target for {@code fuzz.seconds} (see the profile in this module's pom).
 */
class CodecFuzzTest {

    private static final long LSN = 7;
    private static final long TIMESTAMP = 1_747_000_000_123L;
    private static final List<EventCodec<?>> CODECS = StandardEvents.catalog().codecs();
    private static final Operation[] OPERATIONS = Operation.values();

    /** The standard types and one a node might add, which no standard codec writes. */
    private static final List<WalType> TYPES = types();

    @RegisterExtension
    static final FuzzTally TALLY = new FuzzTally("events");

    /**
     * Byte 0 picks the codec (by its index in the catalogue), byte 1 the entry's operation; the rest is
     * the payload.
     */
    @Timeout(10)
    @FuzzTest
    void everyStandardCodecDecodesOrRefusesThePayload(byte[] input) {
        TALLY.executed("standardCodecs");
        if (input.length < 2) {
            return;
        }
        EventCodec<?> codec = CODECS.get(Math.floorMod(input[0], CODECS.size()));
        Operation operation = OPERATIONS[Math.floorMod(input[1], OPERATIONS.length)];
        WalEntry entry = new WalEntry(LSN, codec.type(), operation, TIMESTAMP, codec.id(), input, 2, input.length - 2);
        Event event = DecoderContract.decode(
                "codec " + codec.id() + " decode", input, () -> codec.decode(entry), EventCodecException.class);
        if (event != null) {
            assertThat(event.type()).isEqualTo(codec.type());
            assertThat(event.operation()).isEqualTo(operation);
            assertThat(codec.eventClass()).isEqualTo(event.getClass());
            assertReencodes(event);
        }
    }

    /**
     * Bytes 0 and 1 are the codec id (big-endian; 0 stands for 65536, which no codec has, so it is read
     * as 1), byte 2 picks the type, byte 3 the operation; the rest is the payload.
     */
    @Timeout(10)
    @FuzzTest
    void eventFactoryDecodesOrRefusesAnyEntry(byte[] input) {
        TALLY.executed("eventFactory");
        if (input.length < 4) {
            return;
        }
        int codecId = Math.max(1, ((input[0] & 0xff) << 8) | (input[1] & 0xff));
        WalType type = TYPES.get(Math.floorMod(input[2], TYPES.size()));
        Operation operation = OPERATIONS[Math.floorMod(input[3], OPERATIONS.length)];
        WalEntry entry = new WalEntry(LSN, type, operation, TIMESTAMP, codecId, input, 4, input.length - 4);
        Event event = DecoderContract.decode(
                "EventFactory.decode", input, () -> EventFactory.decode(entry), EventCodecException.class);
        if (event != null) {
            assertThat(event.type()).isEqualTo(type);
            assertThat(event.operation()).isEqualTo(operation);
            assertReencodes(event);
        }
    }

    /** Encoding the event and decoding that gives an equal event, with the same codec. */
    private static void assertReencodes(Event event) {
        EncodedEvent encoded = StandardEvents.catalog().encode(event);
        WalEntry again =
                new WalEntry(LSN, encoded.type(), encoded.operation(), TIMESTAMP, encoded.codecId(), encoded.payload());
        assertThat(EventFactory.decode(again)).isEqualTo(event);
    }

    private static List<WalType> types() {
        List<WalType> types = new ArrayList<>(WalType.standardTypes());
        types.add(WalType.of("node:fuzz"));
        return List.copyOf(types);
    }

    /** The first input bytes of the targets, for seeds: codec index and operation, or codec id, type and operation. */
    static byte[] prefixed(byte[] prefix, byte[] payload) {
        byte[] input = Arrays.copyOf(prefix, prefix.length + payload.length);
        System.arraycopy(payload, 0, input, prefix.length, payload.length);
        return input;
    }
}
