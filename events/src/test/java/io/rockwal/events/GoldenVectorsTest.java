package io.rockwal.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.Event;
import io.rockwal.core.WalEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins each standard codec's stored bytes: {@code golden/<codec>.hex} holds the payload of one fixed
 * event, checked in. A change to an encoding, a field order, a format version or a codec id fails here;
 * if the change is intended, it needs a new format version (old payloads must still decode), not new
 * golden files. Lines starting with {@code #} in the files are comments.
 */
class GoldenVectorsTest {

    static Stream<Arguments> goldenEvents() {
        return Stream.of(
                golden("header-sync", 1, EventFixtures::headerSync),
                golden("merkle-sync", 2, EventFixtures::merkleSync),
                golden("prior-sync", 3, EventFixtures::priorSync),
                golden("data-sync", 4, EventFixtures::dataSync),
                golden("account-sync", 5, EventFixtures::accountSync),
                golden("reconciliation", 6, EventFixtures::reconciliation),
                golden("reconciliation-batch", 7, EventFixtures::reconciliationBatchWithEdges),
                golden("pots-block", 8, EventFixtures::potsBlock));
    }

    private static Arguments golden(String file, int codecId, Supplier<Event> event) {
        return Arguments.of(file, codecId, event.get());
    }

    static byte[] readGolden(String file) throws IOException {
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("/golden/" + file + ".hex")) {
            assertThat(in).as("golden/%s.hex on the test class path", file).isNotNull();
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .filter(line -> !line.startsWith("#"))
                    .map(String::strip)
                    .collect(Collectors.joining());
            return HexFormat.of().parseHex(hex);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenEvents")
    void encodingTheFixedEventGivesTheGoldenBytes(String file, int codecId, Event event) throws IOException {
        EncodedEvent encoded = StandardEvents.catalog().encode(event);

        assertThat(encoded.codecId()).isEqualTo(codecId);
        assertThat(HexFormat.of().formatHex(encoded.payload()))
                .isEqualTo(HexFormat.of().formatHex(readGolden(file)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenEvents")
    void decodingTheGoldenBytesGivesTheFixedEvent(String file, int codecId, Event event) throws IOException {
        WalEntry entry =
                new WalEntry(42, event.type(), event.operation(), EventFixtures.TIMESTAMP, codecId, readGolden(file));

        assertThat(EventFactory.decode(entry)).isEqualTo(event);
    }
}
