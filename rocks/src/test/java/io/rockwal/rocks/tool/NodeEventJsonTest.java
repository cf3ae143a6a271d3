package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.Header;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A node's own event classes as JSON: records component by component, in the standard events' conventions. */
class NodeEventJsonTest {

    enum Tier {
        GOLD
    }

    record Inner(long id, Optional<String> note) {}

    record Everything(
            long big,
            BigInteger huge,
            BigDecimal exact,
            int small,
            short shorter,
            byte tiny,
            double ratio,
            float nan,
            double infinite,
            boolean flag,
            char letter,
            String text,
            byte[] bytes,
            ByteString wire,
            Operation operation,
            WalType walType,
            Tier tier,
            Header header,
            Inner inner,
            List<Inner> inners,
            Set<String> one,
            int[] ints,
            Map<Integer, String> names,
            Optional<Long> absent,
            Instant at,
            Object none)
            implements Event {

        @Override
        public WalType type() {
            return WalType.of("node:everything");
        }
    }

    /** Not a record: shown by its text. */
    static final class Opaque implements Event {
        @Override
        public WalType type() {
            return WalType.of("node:opaque");
        }

        @Override
        public Operation operation() {
            return Operation.APPEND;
        }

        @Override
        public String toString() {
            return "Opaque(\u00e9)";
        }
    }

    record Failing(String text) implements Event {
        @Override
        public String text() {
            throw new IllegalStateException("no text");
        }

        @Override
        public WalType type() {
            return WalType.of("node:failing");
        }

        @Override
        public Operation operation() {
            return Operation.APPEND;
        }

        @Override
        public String toString() {
            return "Failing";
        }
    }

    record Nested(Object next) implements Event {
        @Override
        public WalType type() {
            return WalType.of("node:nested");
        }

        @Override
        public Operation operation() {
            return Operation.APPEND;
        }
    }

    @Test
    void aRecordIsItsComponentsInTheStandardConventions() throws Exception {
        Map<Integer, String> names = new LinkedHashMap<>();
        names.put(2, "two");
        names.put(1, null);
        Everything event = new Everything(
                Long.MIN_VALUE,
                new BigInteger("18446744073709551616"),
                new BigDecimal("0.10"),
                7,
                (short) -2,
                (byte) 1,
                0.5,
                Float.NaN,
                Double.NEGATIVE_INFINITY,
                true,
                'x',
                "t\u00e9xt",
                ToolFixtures.bytes(0x00, 0xab),
                ByteString.copyFrom(ToolFixtures.bytes(0xcd)),
                Operation.DOWNLOAD,
                WalType.POTS,
                Tier.GOLD,
                Header.newBuilder()
                        .setBlockNumber(-1)
                        .setBlockHash(ByteString.copyFrom(ToolFixtures.bytes(0xff)))
                        .build(),
                new Inner(1, Optional.of("n")),
                List.of(new Inner(2, Optional.empty())),
                Set.of("only"),
                new int[] {4, 5},
                names,
                Optional.empty(),
                Instant.ofEpochMilli(0),
                null);
        assertThat(JsonText.compact(NodeEventJson.toJson(event)))
                .isEqualTo("{\"big\":\"-9223372036854775808\","
                        + "\"huge\":\"18446744073709551616\",\"exact\":\"0.10\",\"small\":7,\"shorter\":-2,\"tiny\":1,"
                        + "\"ratio\":0.5,\"nan\":\"NaN\",\"infinite\":\"-Infinity\",\"flag\":true,\"letter\":\"x\","
                        + "\"text\":\"t\\u00e9xt\",\"bytes\":\"00ab\",\"wire\":\"cd\",\"operation\":\"Download\","
                        + "\"walType\":\"wal:pots\",\"tier\":\"GOLD\","
                        + "\"header\":{\"blockHash\":\"ff\",\"blockNumber\":\"18446744073709551615\"},"
                        + "\"inner\":{\"id\":\"1\",\"note\":\"n\"},\"inners\":[{\"id\":\"2\",\"note\":null}],\"one\":[\"only\"],"
                        + "\"ints\":[4,5],\"names\":{\"2\":\"two\",\"1\":null},\"absent\":null,"
                        + "\"at\":\"1970-01-01T00:00:00Z\",\"none\":null}");
    }

    @Test
    void anEventThatIsNotARecordOrCannotBeReadIsItsText() throws Exception {
        assertThat(JsonText.compact(NodeEventJson.toJson(new Opaque()))).isEqualTo("\"Opaque(\\u00e9)\"");
        assertThat(JsonText.compact(NodeEventJson.toJson(new Failing("x")))).isEqualTo("\"Failing\"");
    }

    @Test
    void nestingIsBounded() throws Exception {
        Object value = "bottom";
        for (int i = 0; i < NodeEventJson.MAX_DEPTH + 5; i++) {
            value = Arrays.asList(value);
        }
        String json = JsonText.compact(NodeEventJson.toJson(new Nested(value)));
        assertThat(json).startsWith("{\"next\":" + "[".repeat(NodeEventJson.MAX_DEPTH) + "\"[[[[[bottom]]]]]\"");
    }

    @Test
    void theStandardEventsKeepTheirOwnForm() throws Exception {
        assertThat(JsonText.compact(EventJson.toJson(ToolFixtures.reconciliation())))
                .isEqualTo("{\"accountAddress\":\"0xaa\",\"oldBalance\":\"10\",\"newBalance\":\"20\","
                        + "\"nonce\":\"18446744073709551615\",\"timestamp\":\"1700000000000\"}");
    }
}
