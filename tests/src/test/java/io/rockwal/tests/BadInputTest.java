package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLogInUseException;
import io.rockwal.core.InMemoryEventLog;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.HeaderSyncEvent;
import io.rockwal.events.ProtobufEventCodec;
import io.rockwal.events.ReconciliationEvent;
import io.rockwal.events.StandardEvents;
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.SampleEvents;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid arguments to the stateless part of the public API (values, the catalogue, codecs, options):
 * each row is a method, the bad argument, the exception type its Javadoc promises and a fragment of
 * the message that names the argument or the bad value. Builders are checked to keep what they held
 * before a refused setter. The logs themselves are {@link BadInputLogTest}.
 *
 * <p>Checks already made elsewhere (event record nulls in {@code EventsTest}, a codec id out of range in
 * {@code EventFactoryTest}) are not repeated here.
 */
class BadInputTest {

    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static final Set<String> CLASSES = new TreeSet<>();

    /** One invalid call: what is called, with what, and how it must fail. */
    record Case(
            String method,
            String badArgument,
            Class<? extends Throwable> expected,
            String fragment,
            ThrowingCallable call) {

        String className() {
            return method.substring(0, method.lastIndexOf('.'));
        }

        @Override
        public String toString() {
            return method + "(" + badArgument + ") -> " + expected.getSimpleName() + " \"" + fragment + "\"";
        }
    }

    static Case refuse(
            String method,
            String badArgument,
            Class<? extends Throwable> expected,
            String fragment,
            ThrowingCallable call) {
        return new Case(method, badArgument, expected, fragment, call);
    }

    static Stream<Case> coreValues() {
        String tooLong = "a".repeat(WalType.MAX_NAME_LENGTH + 1);
        byte[] four = new byte[4];
        return Stream.of(
                refuse("WalType.of", "null", NullPointerException.class, "WAL type name", () -> WalType.of(null)),
                refuse("WalType.of", "\"\"", IllegalArgumentException.class, "it is empty", () -> WalType.of("")),
                refuse(
                        "WalType.of",
                        "129 characters",
                        IllegalArgumentException.class,
                        "129 characters",
                        () -> WalType.of(tooLong)),
                refuse(
                        "WalType.of",
                        "\"default\"",
                        IllegalArgumentException.class,
                        "'default'",
                        () -> WalType.of("default")),
                refuse(
                        "WalType.of",
                        "\"rockwal:meta\"",
                        IllegalArgumentException.class,
                        "'rockwal:meta'",
                        () -> WalType.of("rockwal:meta")),
                refuse(
                        "WalType.of",
                        "\"rockwal:\"",
                        IllegalArgumentException.class,
                        "reserved",
                        () -> WalType.of("rockwal:")),
                refuse(
                        "WalType.of",
                        "\"wal headersync\"",
                        IllegalArgumentException.class,
                        "character 3",
                        () -> WalType.of("wal headersync")),
                refuse(
                        "WalType.of",
                        "non-ASCII",
                        IllegalArgumentException.class,
                        "'wal:\\u00e9'",
                        () -> WalType.of("wal:\u00e9")),
                refuse(
                        "WalType.of",
                        "control character",
                        IllegalArgumentException.class,
                        "'a\\u000ab'",
                        () -> WalType.of("a\nb")),
                refuse(
                        "Operation.fromWireName",
                        "null",
                        NullPointerException.class,
                        "operation wire name",
                        () -> Operation.fromWireName(null)),
                refuse(
                        "Operation.fromWireName",
                        "\"\"",
                        IllegalArgumentException.class,
                        "''",
                        () -> Operation.fromWireName("")),
                refuse(
                        "Operation.fromWireName",
                        "\"DOWNLOAD\"",
                        IllegalArgumentException.class,
                        "'DOWNLOAD'",
                        () -> Operation.fromWireName("DOWNLOAD")),
                refuse(
                        "Operation.fromWireName",
                        "\"append\"",
                        IllegalArgumentException.class,
                        "'append'",
                        () -> Operation.fromWireName("append")),
                refuse(
                        "WalEntry.<init>",
                        "lsn 0",
                        IllegalArgumentException.class,
                        "LSN must be at least 1, was 0",
                        () -> new WalEntry(0, WalType.POTS, Operation.APPEND, 1, 1, four)),
                refuse(
                        "WalEntry.<init>",
                        "lsn Long.MIN_VALUE",
                        IllegalArgumentException.class,
                        "was " + Long.MIN_VALUE,
                        () -> new WalEntry(Long.MIN_VALUE, WalType.POTS, Operation.APPEND, 1, 1, four)),
                refuse(
                        "WalEntry.<init>",
                        "codecId 0",
                        IllegalArgumentException.class,
                        "codec id must be 1 to 65535, was 0",
                        () -> new WalEntry(1, WalType.POTS, Operation.APPEND, 1, 0, four)),
                refuse(
                        "WalEntry.<init>",
                        "codecId 65536",
                        IllegalArgumentException.class,
                        "was 65536",
                        () -> new WalEntry(1, WalType.POTS, Operation.APPEND, 1, 65_536, four)),
                refuse(
                        "WalEntry.<init>",
                        "codecId -1",
                        IllegalArgumentException.class,
                        "was -1",
                        () -> new WalEntry(1, WalType.POTS, Operation.APPEND, 1, -1, four)),
                refuse(
                        "WalEntry.<init>",
                        "type null",
                        NullPointerException.class,
                        "type",
                        () -> new WalEntry(1, null, Operation.APPEND, 1, 1, four)),
                refuse(
                        "WalEntry.<init>",
                        "operation null",
                        NullPointerException.class,
                        "operation",
                        () -> new WalEntry(1, WalType.POTS, null, 1, 1, four)),
                refuse(
                        "WalEntry.<init>",
                        "payload null",
                        NullPointerException.class,
                        "payload",
                        () -> new WalEntry(1, WalType.POTS, Operation.APPEND, 1, 1, null)),
                refuse(
                        "WalEntry.<init>",
                        "source null",
                        NullPointerException.class,
                        "payload",
                        () -> new WalEntry(1, WalType.POTS, Operation.APPEND, 1, 1, null, 0, 0)),
                refuse(
                        "WalEntry.<init>",
                        "offset -1",
                        IndexOutOfBoundsException.class,
                        "out of bounds for length 4",
                        () -> new WalEntry(1, WalType.POTS, Operation.APPEND, 1, 1, four, -1, 2)),
                refuse(
                        "WalEntry.<init>",
                        "length past the end",
                        IndexOutOfBoundsException.class,
                        "[2, 2 + 3)",
                        () -> new WalEntry(1, WalType.POTS, Operation.APPEND, 1, 1, four, 2, 3)),
                refuse(
                        "WalEntry.<init>",
                        "length -1",
                        IndexOutOfBoundsException.class,
                        "out of bounds",
                        () -> new WalEntry(1, WalType.POTS, Operation.APPEND, 1, 1, four, 0, -1)),
                refuse(
                        "LsnMetadata.<init>",
                        "lastFlushed > current",
                        IllegalArgumentException.class,
                        "last flushed LSN 6",
                        () -> new LsnMetadata(5, 6, 0, 1)),
                refuse(
                        "LsnMetadata.<init>",
                        "lastFlushed -1",
                        IllegalArgumentException.class,
                        "last flushed LSN -1",
                        () -> new LsnMetadata(5, -1, 0, 1)),
                refuse(
                        "LsnMetadata.<init>",
                        "current -1",
                        IllegalArgumentException.class,
                        "last LSN -1",
                        () -> new LsnMetadata(-1, 0, 0, 1)),
                refuse(
                        "LsnMetadata.<init>",
                        "firstRetained 0",
                        IllegalArgumentException.class,
                        "first retained LSN 0",
                        () -> new LsnMetadata(5, 5, 0, 0)),
                refuse(
                        "LsnMetadata.<init>",
                        "firstRetained current + 2",
                        IllegalArgumentException.class,
                        "first retained LSN 7",
                        () -> new LsnMetadata(5, 5, 0, 7)),
                refuse(
                        "EncodedEvent.<init>",
                        "type null",
                        NullPointerException.class,
                        "type",
                        () -> new EncodedEvent(null, Operation.APPEND, 1, four, null)),
                refuse(
                        "EncodedEvent.<init>",
                        "operation null",
                        NullPointerException.class,
                        "operation",
                        () -> new EncodedEvent(WalType.POTS, null, 1, four, null)),
                refuse(
                        "EncodedEvent.<init>",
                        "payload null",
                        NullPointerException.class,
                        "payload",
                        () -> new EncodedEvent(WalType.POTS, Operation.APPEND, 1, null, null)),
                refuse(
                        "IndexKeys.toUnsignedLong",
                        "null",
                        NullPointerException.class,
                        "key",
                        () -> IndexKeys.toUnsignedLong(null)),
                refuse(
                        "IndexKeys.toUnsignedLong",
                        "7 bytes",
                        IllegalArgumentException.class,
                        "this one 7",
                        () -> IndexKeys.toUnsignedLong(new byte[7])),
                refuse(
                        "IndexKeys.toUnsignedLong",
                        "9 bytes",
                        IllegalArgumentException.class,
                        "this one 9",
                        () -> IndexKeys.toUnsignedLong(new byte[9])));
    }

    static Stream<Case> catalogue() {
        EventCatalog standard = StandardEvents.catalog();
        EventCatalog withTestCodecs = standard.toBuilder()
                .add(new TestCodec(1001, TestCodec.TYPE, TestCodec.Behaviour.FAILS))
                .add(new TestCodec(1002, WalType.of("test:nothing"), TestCodec.Behaviour.RETURNS_NULL))
                .add(new TestCodec(1003, WalType.of("test:oversized"), TestCodec.Behaviour.OVERSIZED_PAYLOAD))
                .add(new TestCodec(1004, WalType.of("test:longkey"), TestCodec.Behaviour.OVERSIZED_KEY))
                .build();
        WalEntry headerEntryUnderPots = new WalEntry(3, WalType.POTS, Operation.APPEND, 1, 1, new byte[0]);
        WalEntry unknownCodec = new WalEntry(4, WalType.POTS, Operation.APPEND, 1, 999, new byte[0]);
        return Stream.of(
                refuse(
                        "EventCatalog.Builder.add",
                        "null",
                        NullPointerException.class,
                        "codec",
                        () -> EventCatalog.builder().add(null)),
                refuse(
                        "EventCatalog.Builder.add",
                        "id 0",
                        IllegalArgumentException.class,
                        "codec id 0",
                        () -> EventCatalog.builder().add(new TestCodec(0, TestCodec.TYPE, TestCodec.Behaviour.FAILS))),
                refuse(
                        "EventCatalog.Builder.add",
                        "id 65536",
                        IllegalArgumentException.class,
                        "codec id 65536",
                        () -> EventCatalog.builder()
                                .add(new TestCodec(65_536, TestCodec.TYPE, TestCodec.Behaviour.FAILS))),
                refuse(
                        "EventCatalog.Builder.add",
                        "id taken",
                        IllegalArgumentException.class,
                        "codec id 1 is taken",
                        () -> standard.toBuilder().add(new TestCodec(1, TestCodec.TYPE, TestCodec.Behaviour.FAILS))),
                refuse(
                        "EventCatalog.Builder.add",
                        "class and type taken",
                        IllegalArgumentException.class,
                        "already has codec 1001",
                        () -> withTestCodecs.toBuilder()
                                .add(new TestCodec(1005, TestCodec.TYPE, TestCodec.Behaviour.FAILS))),
                refuse(
                        "EventCatalog.Builder.add",
                        "codec type null",
                        NullPointerException.class,
                        "codec type",
                        () -> EventCatalog.builder().add(new TestCodec(1001, null, TestCodec.Behaviour.FAILS))),
                refuse("EventCatalog.encode", "null", NullPointerException.class, "event", () -> standard.encode(null)),
                refuse(
                        "EventCatalog.encode",
                        "event type null",
                        NullPointerException.class,
                        "event type",
                        () -> standard.encode(new TestEvent(null, Operation.APPEND))),
                refuse(
                        "EventCatalog.encode",
                        "event operation null",
                        NullPointerException.class,
                        "event operation",
                        () -> standard.encode(new TestEvent(WalType.POTS, null))),
                refuse(
                        "EventCatalog.encode",
                        "class not in the catalogue",
                        IllegalArgumentException.class,
                        TestEvent.class.getName(),
                        () -> standard.encode(new TestEvent(WalType.POTS, Operation.APPEND))),
                refuse(
                        "EventCatalog.encode",
                        "class with another type",
                        IllegalArgumentException.class,
                        "with type wal:pots",
                        () -> withTestCodecs.encode(new TestEvent(WalType.POTS, Operation.APPEND))),
                refuse(
                        "EventCatalog.encode",
                        "unknown custom type",
                        IllegalArgumentException.class,
                        "with type test:unknown",
                        () -> withTestCodecs.encode(new TestEvent(WalType.of("test:unknown"), Operation.APPEND))),
                refuse(
                        "EventCatalog.encode",
                        "codec throws",
                        EventCodecException.class,
                        "type test:events",
                        () -> withTestCodecs.encode(new TestEvent(TestCodec.TYPE, Operation.APPEND))),
                refuse(
                        "EventCatalog.encode",
                        "codec returns no payload",
                        EventCodecException.class,
                        "codec 1002",
                        () -> withTestCodecs.encode(new TestEvent(WalType.of("test:nothing"), Operation.APPEND))),
                refuse(
                        "EventCatalog.encode",
                        "payload over 64 MiB",
                        IllegalArgumentException.class,
                        "payload of " + EventLogLimits.OVERSIZED + " bytes for type test:oversized",
                        () -> withTestCodecs.encode(new TestEvent(WalType.of("test:oversized"), Operation.APPEND))),
                refuse(
                        "EventCatalog.encode",
                        "index key over 1 KiB",
                        IllegalArgumentException.class,
                        "index key of 1025 bytes for type test:longkey",
                        () -> withTestCodecs.encode(new TestEvent(WalType.of("test:longkey"), Operation.APPEND))),
                refuse("EventCatalog.decode", "null", NullPointerException.class, "entry", () -> standard.decode(null)),
                refuse(
                        "EventCatalog.decode",
                        "unknown codec id",
                        EventCodecException.class,
                        "no codec with id 999",
                        () -> standard.decode(unknownCodec)),
                refuse(
                        "EventCatalog.decode",
                        "codec of another type",
                        EventCodecException.class,
                        "codec 1 writes type wal:headersync",
                        () -> standard.decode(headerEntryUnderPots)),
                refuse(
                        "InMemoryEventLog.open",
                        "storage null",
                        NullPointerException.class,
                        "storage",
                        () -> InMemoryEventLog.open(null, standard, 10, 10, InstantSource.system())),
                refuse(
                        "InMemoryEventLog.open",
                        "catalog null",
                        NullPointerException.class,
                        "catalog",
                        () -> InMemoryEventLog.open(
                                new InMemoryEventLog.Storage(), null, 10, 10, InstantSource.system())),
                refuse(
                        "InMemoryEventLog.open",
                        "clock null",
                        NullPointerException.class,
                        "clock",
                        () -> InMemoryEventLog.open(new InMemoryEventLog.Storage(), standard, 10, 10, null)),
                refuse(
                        "InMemoryEventLog.open",
                        "maxCheckpoints 0",
                        IllegalArgumentException.class,
                        "was 0",
                        () -> InMemoryEventLog.open(
                                new InMemoryEventLog.Storage(), standard, 10, 0, InstantSource.system())),
                refuse(
                        "InMemoryEventLog.open",
                        "maxCheckpoints MIN_VALUE",
                        IllegalArgumentException.class,
                        "was " + Integer.MIN_VALUE,
                        () -> InMemoryEventLog.open(
                                new InMemoryEventLog.Storage(),
                                standard,
                                10,
                                Integer.MIN_VALUE,
                                InstantSource.system())),
                refuse(
                        "InMemoryEventLog.create",
                        "catalog null",
                        NullPointerException.class,
                        "catalog",
                        () -> InMemoryEventLog.create(null)));
    }

    static Stream<Case> events() {
        List<Case> cases = new ArrayList<>(List.of(
                refuse(
                        "EventFactory.decode",
                        "null",
                        NullPointerException.class,
                        "entry",
                        () -> EventFactory.decode(null)),
                refuse(
                        "EventFactory.decode",
                        "catalog null",
                        NullPointerException.class,
                        "catalog",
                        () -> EventFactory.decode(
                                new WalEntry(1, WalType.POTS, Operation.APPEND, 1, 8, new byte[0]), null)),
                refuse(
                        "EventFactory.decode",
                        "entry null",
                        NullPointerException.class,
                        "entry",
                        () -> EventFactory.decode(null, StandardEvents.catalog())),
                refuse(
                        "EventFactory.forType",
                        "null",
                        NullPointerException.class,
                        "type",
                        () -> EventFactory.forType(null)),
                refuse(
                        "EventFactory.forType",
                        "reserved-looking custom",
                        IllegalArgumentException.class,
                        "no standard codec for WAL type test:events",
                        () -> EventFactory.forType(TestCodec.TYPE)),
                refuse(
                        "KryoCodec.encode",
                        "lone surrogate in a string",
                        EventCodecException.class,
                        "type wal:reconciliation",
                        () -> StandardEvents.catalog().encode(new ReconciliationEvent("0x\uD800", "1", "2", 3, 4))),
                refuse(
                        "ProtobufEventCodec.<init>",
                        "type null",
                        NullPointerException.class,
                        "type",
                        () -> headerCodec(null, HeaderSyncEvent.class, HeaderSyncResponse.parser())),
                refuse(
                        "ProtobufEventCodec.<init>",
                        "eventClass null",
                        NullPointerException.class,
                        "eventClass",
                        () -> headerCodec(WalType.HEADER_SYNC, null, HeaderSyncResponse.parser())),
                refuse(
                        "ProtobufEventCodec.<init>",
                        "parser null",
                        NullPointerException.class,
                        "parser",
                        () -> headerCodec(WalType.HEADER_SYNC, HeaderSyncEvent.class, null)),
                refuse(
                        "ProtobufEventCodec.<init>",
                        "toMessage null",
                        NullPointerException.class,
                        "toMessage",
                        () -> new ProtobufEventCodec<>(
                                1000,
                                WalType.HEADER_SYNC,
                                HeaderSyncEvent.class,
                                HeaderSyncResponse.parser(),
                                null,
                                HeaderSyncEvent::new)),
                refuse(
                        "ProtobufEventCodec.<init>",
                        "toEvent null",
                        NullPointerException.class,
                        "toEvent",
                        () -> new ProtobufEventCodec<>(
                                1000,
                                WalType.HEADER_SYNC,
                                HeaderSyncEvent.class,
                                HeaderSyncResponse.parser(),
                                HeaderSyncEvent::response,
                                null))));
        // Every standard codec, reachable through the catalogue or EventFactory.forType.
        for (EventCodec<?> codec : StandardEvents.catalog().codecs()) {
            String name = (codec instanceof ProtobufEventCodec ? "ProtobufEventCodec" : "KryoCodec");
            String of = " of " + codec.eventClass().getSimpleName();
            WalEntry foreign = new WalEntry(7, codec.type(), Operation.UPDATE, 1, codec.id() == 1 ? 2 : 1, new byte[0]);
            cases.add(refuse(
                    name + ".encode", "null" + of, NullPointerException.class, "event", () -> encodeRaw(codec, null)));
            cases.add(refuse(
                    name + ".decode", "null" + of, NullPointerException.class, "entry", () -> codec.decode(null)));
            cases.add(refuse(
                    name + ".decode",
                    "another codec's entry" + of,
                    EventCodecException.class,
                    "cannot be read by codec " + codec.id(),
                    () -> codec.decode(foreign)));
        }
        return cases.stream();
    }

    static Stream<Case> options() {
        return Stream.of(
                refuse(
                        "RocksEventLogOptions.Builder.maxCheckpoints",
                        "0",
                        IllegalArgumentException.class,
                        "maximum checkpoints must be at least 1, was 0",
                        () -> options(b -> b.maxCheckpoints(0))),
                refuse(
                        "RocksEventLogOptions.Builder.maxCheckpoints",
                        "MIN_VALUE",
                        IllegalArgumentException.class,
                        "was " + Integer.MIN_VALUE,
                        () -> options(b -> b.maxCheckpoints(Integer.MIN_VALUE))),
                refuse(
                        "RocksEventLogOptions.Builder.blockCacheBytes",
                        "0",
                        IllegalArgumentException.class,
                        "block cache must be at least 1 MiB, was 0 bytes",
                        () -> options(b -> b.blockCacheBytes(0))),
                refuse(
                        "RocksEventLogOptions.Builder.blockCacheBytes",
                        "-1",
                        IllegalArgumentException.class,
                        "block cache must be at least 1 MiB, was -1 bytes",
                        () -> options(b -> b.blockCacheBytes(-1))),
                refuse(
                        "RocksEventLogOptions.Builder.blockCacheBytes",
                        "1 MiB - 1",
                        IllegalArgumentException.class,
                        "was 1048575 bytes",
                        () -> options(b -> b.blockCacheBytes((1L << 20) - 1))),
                refuse(
                        "RocksEventLogOptions.Builder.writeBufferBytes",
                        "0",
                        IllegalArgumentException.class,
                        "write buffer must be at least 4 MiB, was 0 bytes",
                        () -> options(b -> b.writeBufferBytes(0))),
                refuse(
                        "RocksEventLogOptions.Builder.writeBufferBytes",
                        "Long.MIN_VALUE",
                        IllegalArgumentException.class,
                        "was " + Long.MIN_VALUE,
                        () -> options(b -> b.writeBufferBytes(Long.MIN_VALUE))),
                refuse(
                        "RocksEventLogOptions.Builder.writeBufferBytes",
                        "4 MiB - 1",
                        IllegalArgumentException.class,
                        "was 4194303 bytes",
                        () -> options(b -> b.writeBufferBytes((4L << 20) - 1))),
                refuse(
                        "RocksEventLogOptions.Builder.groupCommitDelay",
                        "null",
                        NullPointerException.class,
                        "delay",
                        () -> options(b -> b.groupCommitDelay(null))),
                refuse(
                        "RocksEventLogOptions.Builder.groupCommitDelay",
                        "-1 ns",
                        IllegalArgumentException.class,
                        "group commit delay must be between 0 and 1 s, was PT-0.000000001S",
                        () -> options(b -> b.groupCommitDelay(Duration.ofNanos(-1)))),
                refuse(
                        "RocksEventLogOptions.Builder.groupCommitDelay",
                        "1 s + 1 ns",
                        IllegalArgumentException.class,
                        "was PT1.000000001S",
                        () -> options(b -> b.groupCommitDelay(Duration.ofSeconds(1, 1)))),
                refuse(
                        "RocksEventLogOptions.Builder.asyncQueueCapacity",
                        "0",
                        IllegalArgumentException.class,
                        "async queue capacity must be at least 1, was 0",
                        () -> options(b -> b.asyncQueueCapacity(0))),
                refuse(
                        "RocksEventLogOptions.Builder.asyncQueueCapacity",
                        "-1",
                        IllegalArgumentException.class,
                        "was -1",
                        () -> options(b -> b.asyncQueueCapacity(-1))),
                refuse(
                        "RocksEventLogOptions.Builder.asyncQueueBytes",
                        "0",
                        IllegalArgumentException.class,
                        "async queue must be at least 1 MiB, was 0 bytes",
                        () -> options(b -> b.asyncQueueBytes(0))),
                refuse(
                        "RocksEventLogOptions.Builder.asyncQueueBytes",
                        "-1",
                        IllegalArgumentException.class,
                        "was -1 bytes",
                        () -> options(b -> b.asyncQueueBytes(-1))),
                refuse(
                        "RocksEventLogOptions.Builder.catalog",
                        "null",
                        NullPointerException.class,
                        "catalog",
                        () -> options(b -> b.catalog(null))),
                refuse(
                        "RocksEventLogOptions.Builder.clock",
                        "null",
                        NullPointerException.class,
                        "clock",
                        () -> options(b -> b.clock(null))));
    }

    static Stream<Case> cases() {
        return Stream.of(coreValues(), catalogue(), events(), options()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anInvalidArgumentIsRefusedWithTheDocumentedTypeAndANamedMessage(Case c) {
        assertThatThrownBy(c.call()).isInstanceOf(c.expected()).satisfies(e -> assertNamed(e, c.fragment()));
        count(c.className());
    }

    @Test
    void aSecondInMemoryLogOnTheSameStorageIsRefusedAndTheFirstKeepsWorking() {
        InMemoryEventLog.Storage storage = new InMemoryEventLog.Storage();
        try (InMemoryEventLog first =
                InMemoryEventLog.open(storage, StandardEvents.catalog(), 10, 10, InstantSource.system())) {
            first.write(SampleEvents.of(7));
            assertThatThrownBy(() ->
                            InMemoryEventLog.open(storage, StandardEvents.catalog(), 10, 10, InstantSource.system()))
                    .isInstanceOf(EventLogInUseException.class)
                    .hasMessageContaining("in-memory");
            assertThat(first.get(1)).isPresent();
        }
        count("InMemoryEventLog");
    }

    @Test
    void zeroAndNegativeBatchSizesMeanTheDefaultAsDocumented() {
        for (int batchSize : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertThat(RocksEventLogOptions.builder()
                            .batchSize(batchSize)
                            .build()
                            .batchSize())
                    .isEqualTo(io.rockwal.core.EventLog.DEFAULT_BATCH_SIZE);
        }
    }

    @AfterAll
    static void printSummary() {
        System.out.println("bad input (values): " + REFUSED.get() + " invalid calls refused with named errors across "
                + CLASSES.size() + " classes " + CLASSES + ", builders unchanged after each refused setter");
    }

    /**
     * A null is named by exactly the argument's name (as {@code Objects.requireNonNull} gives it), not
     * by the JVM's helpful message, which only names a local variable by accident; other failures must
     * contain the fragment.
     */
    static void assertNamed(Throwable e, String fragment) {
        if (e instanceof NullPointerException) {
            assertThat(e).hasMessage(fragment);
        } else {
            assertThat(e).hasMessageContaining(fragment);
        }
    }

    private static void count(String className) {
        REFUSED.incrementAndGet();
        synchronized (CLASSES) {
            CLASSES.add(className);
        }
    }

    /**
     * Calls a setter on a builder that holds non-default settings and, once the setter has thrown,
     * checks that the builder still builds exactly what it held before; rethrows the setter's exception.
     */
    private static void options(Consumer<RocksEventLogOptions.Builder> setter) {
        RocksEventLogOptions.Builder builder = RocksEventLogOptions.builder()
                .batchSize(7)
                .maxCheckpoints(3)
                .blockCacheBytes(2L << 20)
                .writeBufferBytes(8L << 20)
                .groupCommitDelay(Duration.ofMillis(2))
                .asyncQueueCapacity(5)
                .asyncQueueBytes(3L << 20);
        String before = builder.build().toString();
        try {
            setter.accept(builder);
        } finally {
            assertThat(builder.build().toString()).isEqualTo(before);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void encodeRaw(EventCodec<?> codec, Event event) {
        ((EventCodec) codec).encode(event);
    }

    private static ProtobufEventCodec<HeaderSyncEvent, HeaderSyncResponse> headerCodec(
            WalType type, Class<HeaderSyncEvent> eventClass, com.google.protobuf.Parser<HeaderSyncResponse> parser) {
        return new ProtobufEventCodec<>(
                1000, type, eventClass, parser, HeaderSyncEvent::response, HeaderSyncEvent::new);
    }

    /** Sizes used by the rows. */
    static final class EventLogLimits {
        static final int OVERSIZED = io.rockwal.core.EventLog.MAX_PAYLOAD_BYTES + 1;

        private EventLogLimits() {}
    }

    /** An event of no standard class, with whatever type and operation a row needs (null included). */
    record TestEvent(WalType type, Operation operation) implements Event {}

    /** A node's own codec for {@link TestEvent} that misbehaves in one chosen way. */
    static final class TestCodec implements EventCodec<TestEvent> {
        static final WalType TYPE = WalType.of("test:events");

        enum Behaviour {
            FAILS,
            RETURNS_NULL,
            OVERSIZED_PAYLOAD,
            OVERSIZED_KEY
        }

        private final int id;
        private final WalType type;
        private final Behaviour behaviour;

        TestCodec(int id, WalType type, Behaviour behaviour) {
            this.id = id;
            this.type = type;
            this.behaviour = behaviour;
        }

        @Override
        public int id() {
            return id;
        }

        @Override
        public WalType type() {
            return type;
        }

        @Override
        public Class<TestEvent> eventClass() {
            return TestEvent.class;
        }

        @Override
        public byte[] encode(TestEvent event) {
            return switch (behaviour) {
                case FAILS -> throw new IllegalStateException("codec bug");
                case RETURNS_NULL -> null;
                case OVERSIZED_PAYLOAD -> new byte[EventLogLimits.OVERSIZED];
                case OVERSIZED_KEY -> new byte[1];
            };
        }

        @Override
        public byte[] indexKey(TestEvent event) {
            return behaviour == Behaviour.OVERSIZED_KEY ? new byte[IndexKeys.MAX_KEY_BYTES + 1] : null;
        }

        @Override
        public TestEvent decode(WalEntry entry) {
            return new TestEvent(entry.type(), entry.operation());
        }
    }
}
