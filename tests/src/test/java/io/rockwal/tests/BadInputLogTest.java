package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.EntryHandler;
import io.rockwal.core.Event;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLog;
import io.rockwal.core.EventLogClosedException;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.InMemoryEventLog;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.Operation;
import io.rockwal.core.ReplayAbortedException;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.ReconciliationEvent;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.rocks.RocksEventLogReader;
import io.rockwal.testkit.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid arguments to the logs, run against {@link InMemoryEventLog} and {@link RocksEventLog} (and
 * the {@link RocksEventLogReader}): each row is a call, the exception type the Javadoc promises and a
 * fragment of the message naming the argument or the bad value. Every row runs on a log holding
 * entries of every type, truncated entries, a checkpoint and buffered entries; after the refused
 * call the log's metadata, checkpoints, entries and counts must be what they were, and again after
 * a close and reopen.
 *
 * <p>{@code EventLogContract} already checks {@code get(0)}, {@code get(-5)}, {@code truncateBefore}
 * past the end or at -1, {@code scan(1, -1)}, {@code scanByKey} with limit -1, {@code write(null)},
 * an unknown event class, a throwing replay or subscription handler and eleven calls after close, by
 * type only; those are not repeated, except where this suite adds the message and the unchanged state.
 */
class BadInputLogTest {

    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static final AtomicInteger STATES_COMPARED = new AtomicInteger();
    private static final AtomicInteger ANSWERED = new AtomicInteger();
    private static final Set<String> CLASSES = new TreeSet<>();

    /** The fixture's last LSN: 12 written, entries below {@link #FIRST_RETAINED} truncated, 2 buffered. */
    static final long LAST = 12;

    static final long FIRST_RETAINED = 4;

    private static final EntryHandler IGNORE = entry -> {};
    private static final WalType UNKNOWN = WalType.of("test:never-registered");

    @TempDir
    Path dir;

    private final InMemoryEventLog.Storage storage = new InMemoryEventLog.Storage();
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** The two logs every row runs against. */
    enum Kind {
        IN_MEMORY,
        ROCKS
    }

    /** A call on a log that must be refused. */
    @FunctionalInterface
    interface LogCall {
        void call(EventLog log) throws Exception;
    }

    /** One row: the method, the bad argument, the expected exception and message fragment. */
    record Row(String method, String badArgument, Class<? extends Throwable> expected, String fragment, LogCall call) {
        @Override
        public String toString() {
            return method + "(" + badArgument + ") -> " + expected.getSimpleName() + " \"" + fragment + "\"";
        }
    }

    static Row refuse(
            String method, String badArgument, Class<? extends Throwable> expected, String fragment, LogCall call) {
        return new Row(method, badArgument, expected, fragment, call);
    }

    @SuppressWarnings("FutureReturnValueIgnored") // each call is expected to throw before it returns a future
    static Stream<Row> refusedCalls() {
        byte[] key = IndexKeys.ofUnsignedLong(5);
        return Stream.of(
                refuse(
                        "get",
                        "Long.MIN_VALUE",
                        IllegalArgumentException.class,
                        "was " + Long.MIN_VALUE,
                        log -> log.get(Long.MIN_VALUE)),
                refuse(
                        "get",
                        "-1",
                        IllegalArgumentException.class,
                        "LSN must be at least 1, was -1",
                        log -> log.get(-1)),
                refuse(
                        "truncateBefore",
                        "last + 2",
                        IllegalArgumentException.class,
                        "before LSN " + (LAST + 2) + ": it must be between 0 and last LSN + 1 = " + (LAST + 1),
                        log -> log.truncateBefore(LAST + 2)),
                refuse(
                        "truncateBefore",
                        "Long.MAX_VALUE",
                        IllegalArgumentException.class,
                        "before LSN " + Long.MAX_VALUE,
                        log -> log.truncateBefore(Long.MAX_VALUE)),
                refuse(
                        "truncateBefore",
                        "Long.MIN_VALUE",
                        IllegalArgumentException.class,
                        "before LSN " + Long.MIN_VALUE,
                        log -> log.truncateBefore(Long.MIN_VALUE)),
                refuse(
                        "scan",
                        "limit Integer.MIN_VALUE",
                        IllegalArgumentException.class,
                        "limit must not be negative, was " + Integer.MIN_VALUE,
                        log -> log.scan(1, Integer.MIN_VALUE)),
                refuse(
                        "scan",
                        "type, limit -1",
                        IllegalArgumentException.class,
                        "limit must not be negative, was -1",
                        log -> log.scan(WalType.POTS, 1, -1)),
                refuse("scan", "type null", NullPointerException.class, "type", log -> log.scan(null, 1, 1)),
                refuse(
                        "scanByKey",
                        "limit Integer.MIN_VALUE",
                        IllegalArgumentException.class,
                        "was " + Integer.MIN_VALUE,
                        log -> log.scanByKey(WalType.POTS, null, null, Integer.MIN_VALUE)),
                refuse(
                        "scanByKey",
                        "type null",
                        NullPointerException.class,
                        "type",
                        log -> log.scanByKey(null, null, null, 1)),
                refuse("findByKey", "type null", NullPointerException.class, "type", log -> log.findByKey(null, key)),
                refuse(
                        "findByKey",
                        "key null",
                        NullPointerException.class,
                        "key",
                        log -> log.findByKey(WalType.POTS, null)),
                refuse("last", "type null", NullPointerException.class, "type", log -> log.last(null)),
                refuse("count", "type null", NullPointerException.class, "type", log -> log.count(null)),
                refuse("cursor", "type null", NullPointerException.class, "type", log -> log.cursor(null, 1)),
                refuse("replay", "handler null", NullPointerException.class, "handler", log -> log.replay(null)),
                refuse("replay", "type null", NullPointerException.class, "type", log -> log.replay(null, IGNORE)),
                refuse(
                        "replay",
                        "type, handler null",
                        NullPointerException.class,
                        "handler",
                        log -> log.replay(WalType.POTS, null)),
                refuse(
                        "replay",
                        "handler throws",
                        ReplayAbortedException.class,
                        "replay stopped at LSN " + FIRST_RETAINED,
                        log -> log.replay(entry -> {
                            throw new IllegalStateException("node bug");
                        })),
                refuse(
                        "replay",
                        "handler throws a checked exception",
                        ReplayAbortedException.class,
                        "java.io.IOException",
                        log -> log.replay(WalType.POTS, entry -> {
                            throw new java.io.IOException("disk of the node");
                        })),
                refuse(
                        "subscribe",
                        "fromLsn 0",
                        IllegalArgumentException.class,
                        "LSN must be at least 1, was 0",
                        log -> log.subscribe(0, IGNORE)),
                refuse(
                        "subscribe",
                        "fromLsn Long.MIN_VALUE",
                        IllegalArgumentException.class,
                        "was " + Long.MIN_VALUE,
                        log -> log.subscribe(Long.MIN_VALUE, IGNORE)),
                refuse(
                        "subscribe",
                        "type, fromLsn -1",
                        IllegalArgumentException.class,
                        "was -1",
                        log -> log.subscribe(WalType.POTS, -1, IGNORE)),
                refuse(
                        "subscribe",
                        "handler null",
                        NullPointerException.class,
                        "handler",
                        log -> log.subscribe(1, null)),
                refuse(
                        "subscribe",
                        "type null",
                        NullPointerException.class,
                        "type",
                        log -> log.subscribe(null, 1, IGNORE)),
                refuse(
                        "write",
                        "event type null",
                        NullPointerException.class,
                        "event type",
                        log -> log.write(new BadInputTest.TestEvent(null, Operation.APPEND))),
                refuse(
                        "write",
                        "event operation null",
                        NullPointerException.class,
                        "event operation",
                        log -> log.write(new BadInputTest.TestEvent(WalType.POTS, null))),
                refuse(
                        "write",
                        "class not in the catalogue, unknown type",
                        IllegalArgumentException.class,
                        "with type test:never-registered",
                        log -> log.write(new BadInputTest.TestEvent(UNKNOWN, Operation.APPEND))),
                refuse(
                        "write",
                        "lone surrogate in a string",
                        EventCodecException.class,
                        "type wal:reconciliation",
                        log -> log.write(new ReconciliationEvent("0x\uDC00", "1", "2", 3, 4))),
                refuse(
                        "write",
                        "block of 64 MiB + 1",
                        EventCodecException.class,
                        "would exceed " + EventLog.MAX_PAYLOAD_BYTES + " bytes",
                        log -> log.write(
                                new PoTSBlockEvent(Operation.APPEND, 99, new byte[EventLog.MAX_PAYLOAD_BYTES + 1], 1))),
                refuse(
                        "EntryCursor.hasNext",
                        "after the cursor's own close, closed twice",
                        EventLogClosedException.class,
                        "(cursor) is closed",
                        log -> {
                            EntryCursor cursor = log.cursor(1);
                            cursor.close();
                            cursor.close();
                            boolean unused = cursor.hasNext();
                        }),
                refuse("writeAsync", "null", NullPointerException.class, "event", log -> log.writeAsync(null)),
                refuse(
                        "writeAsync",
                        "class not in the catalogue",
                        IllegalArgumentException.class,
                        BadInputTest.TestEvent.class.getName(),
                        log -> log.writeAsync(new BadInputTest.TestEvent(WalType.POTS, Operation.APPEND))),
                refuse(
                        "writeAsync",
                        "lone surrogate in a string",
                        EventCodecException.class,
                        "type wal:reconciliation",
                        log -> log.writeAsync(new ReconciliationEvent("0x", "\uD800", "2", 3, 4))));
    }

    /** Out-of-range arguments the contract answers rather than refuses: empty, or what is there. */
    record Answer(String method, String argument, LogCall call) {
        @Override
        public String toString() {
            return method + "(" + argument + ")";
        }
    }

    static Stream<Answer> answeredCalls() {
        byte[] high = IndexKeys.ofUnsignedLong(1000);
        byte[] low = IndexKeys.ofUnsignedLong(1);
        return Stream.of(
                new Answer(
                        "get", "last + 1", log -> assertThat(log.get(LAST + 1)).isEmpty()),
                new Answer(
                        "get",
                        "Long.MAX_VALUE",
                        log -> assertThat(log.get(Long.MAX_VALUE)).isEmpty()),
                new Answer(
                        "get",
                        "a truncated LSN",
                        log -> assertThat(log.get(FIRST_RETAINED - 1)).isEmpty()),
                new Answer(
                        "scan",
                        "fromLsn Long.MAX_VALUE",
                        log -> assertThat(log.scan(Long.MAX_VALUE, 10)).isEmpty()),
                new Answer(
                        "scan",
                        "fromLsn Long.MIN_VALUE",
                        log -> assertThat(log.scan(Long.MIN_VALUE, 1))
                                .extracting(WalEntry::lsn)
                                .containsExactly(FIRST_RETAINED)),
                new Answer("scan", "limit 0", log -> assertThat(log.scan(1, 0)).isEmpty()),
                new Answer(
                        "scan",
                        "limit Integer.MAX_VALUE",
                        log -> assertThat(log.scan(1, Integer.MAX_VALUE)).hasSize((int) (LAST - FIRST_RETAINED + 1))),
                new Answer(
                        "scan",
                        "unknown type",
                        log -> assertThat(log.scan(UNKNOWN, 1, 10)).isEmpty()),
                new Answer("cursor", "fromLsn Long.MAX_VALUE", log -> {
                    try (EntryCursor cursor = log.cursor(Long.MAX_VALUE)) {
                        assertThat(cursor.hasNext()).isFalse();
                    }
                }),
                new Answer("cursor", "fromLsn -1", log -> {
                    try (EntryCursor cursor = log.cursor(WalType.POTS, -1)) {
                        assertThat(cursor.hasNext()).isTrue();
                    }
                }),
                new Answer("cursor", "unknown type", log -> {
                    try (EntryCursor cursor = log.cursor(UNKNOWN, 1)) {
                        assertThat(cursor.hasNext()).isFalse();
                    }
                }),
                new Answer(
                        "last",
                        "unknown type",
                        log -> assertThat(log.last(UNKNOWN)).isEmpty()),
                new Answer(
                        "count",
                        "unknown type",
                        log -> assertThat(log.count(UNKNOWN)).isZero()),
                new Answer(
                        "replay",
                        "unknown type",
                        log -> log.replay(UNKNOWN, entry -> {
                            throw new AssertionError("delivered " + entry);
                        })),
                new Answer(
                        "findByKey",
                        "unknown type",
                        log -> assertThat(log.findByKey(UNKNOWN, low)).isEmpty()),
                new Answer(
                        "findByKey",
                        "empty key",
                        log -> assertThat(log.findByKey(WalType.POTS, new byte[0]))
                                .isEmpty()),
                new Answer(
                        "findByKey",
                        "key over 1 KiB",
                        log -> assertThat(log.findByKey(WalType.POTS, new byte[IndexKeys.MAX_KEY_BYTES + 1]))
                                .isEmpty()),
                new Answer(
                        "scanByKey",
                        "from after before",
                        log -> assertThat(log.scanByKey(WalType.POTS, high, low, 10))
                                .isEmpty()),
                new Answer(
                        "scanByKey",
                        "limit 0",
                        log -> assertThat(log.scanByKey(WalType.POTS, null, null, 0))
                                .isEmpty()),
                new Answer(
                        "scanByKey",
                        "unknown type",
                        log -> assertThat(log.scanByKey(UNKNOWN, null, null, 10))
                                .isEmpty()),
                new Answer("truncateBefore", "0", log -> log.truncateBefore(0)));
    }

    static Stream<Arguments> refusedOnEachLog() {
        return refusedCalls().flatMap(row -> Stream.of(Kind.values()).map(kind -> Arguments.of(kind, row)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedOnEachLog")
    void anInvalidCallIsRefusedWithANamedErrorAndChangesNothing(Kind kind, Row row) throws Exception {
        EventLog log = openFixture(kind);
        State before = State.of(log);
        assertThatThrownBy(() -> row.call().call(log))
                .isInstanceOf(row.expected())
                .satisfies(e -> BadInputTest.assertNamed(e, row.fragment()));
        assertUnchanged(kind, log, before);
        count(kind);
    }

    /** The rows are read calls, so they share one fixture; the state is compared after each. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void outOfRangeArgumentsAreAnsweredAsDocumentedAndChangeNothing(Kind kind) throws Exception {
        EventLog log = openFixture(kind);
        State before = State.of(log);
        for (Answer answer : answeredCalls().toList()) {
            answer.call().call(log);
            assertThat(State.of(log)).as(answer.toString()).isEqualTo(before);
            ANSWERED.incrementAndGet();
        }
        assertUnchanged(kind, log, before);
    }

    /** The calls {@code EventLogContract.closeIsIdempotentAndLaterCallsThrowClosed} does not make. */
    @SuppressWarnings("FutureReturnValueIgnored") // each call is expected to throw before it returns a future
    static Stream<Arguments> callsAfterClose() {
        List<Row> rows = List.of(
                refuse(
                        "writeAsync",
                        "",
                        EventLogClosedException.class,
                        "is closed",
                        log -> log.writeAsync(SampleEvents.of(1))),
                refuse("checkpointAsync", "", EventLogClosedException.class, "is closed", EventLog::checkpointAsync),
                refuse("last", "", EventLogClosedException.class, "is closed", log -> log.last(WalType.POTS)),
                refuse("hydrateAll", "", EventLogClosedException.class, "is closed", EventLog::hydrateAll),
                refuse("scan", "", EventLogClosedException.class, "is closed", log -> log.scan(1, 10)),
                refuse(
                        "scan",
                        "type",
                        EventLogClosedException.class,
                        "is closed",
                        log -> log.scan(WalType.POTS, 1, 10)),
                refuse("cursor", "", EventLogClosedException.class, "is closed", log -> log.cursor(1)),
                refuse(
                        "cursor",
                        "type",
                        EventLogClosedException.class,
                        "is closed",
                        log -> log.cursor(WalType.POTS, 1)),
                refuse(
                        "findByKey",
                        "",
                        EventLogClosedException.class,
                        "is closed",
                        log -> log.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(5))),
                refuse(
                        "scanByKey",
                        "",
                        EventLogClosedException.class,
                        "is closed",
                        log -> log.scanByKey(WalType.POTS, null, null, 10)),
                refuse("count", "", EventLogClosedException.class, "is closed", log -> log.count(WalType.POTS)),
                refuse("subscribe", "", EventLogClosedException.class, "is closed", log -> log.subscribe(1, IGNORE)),
                refuse(
                        "subscribe",
                        "type",
                        EventLogClosedException.class,
                        "is closed",
                        log -> log.subscribe(WalType.POTS, 1, IGNORE)),
                refuse(
                        "RocksEventLog.backupTo",
                        "",
                        EventLogClosedException.class,
                        "is closed",
                        log -> ((RocksEventLog) log).backupTo(Path.of("/nonexistent/backup"))),
                refuse(
                        "RocksEventLog.awaitBackgroundCompaction",
                        "",
                        EventLogClosedException.class,
                        "is closed",
                        log -> ((RocksEventLog) log).awaitBackgroundCompaction(Duration.ofSeconds(1))),
                refuse(
                        "RocksEventLog.types",
                        "",
                        EventLogClosedException.class,
                        "is closed",
                        log -> ((RocksEventLog) log).types()));
        return rows.stream()
                .flatMap(row -> Stream.of(Kind.values())
                        .filter(kind -> kind == Kind.ROCKS || !row.method().startsWith("RocksEventLog."))
                        .map(kind -> Arguments.of(kind, row)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("callsAfterClose")
    void everyCallAfterCloseIsRefusedAsClosedAndTheStoreKeepsItsContents(Kind kind, Row row) {
        EventLog log = openFixture(kind);
        log.flush();
        State before = State.of(log);
        log.close();
        log.close();
        assertThatThrownBy(() -> row.call().call(log))
                .isInstanceOf(row.expected())
                .hasMessageContaining(row.fragment());
        EventLog reopened = open(kind);
        assertThat(State.of(reopened).durable()).isEqualTo(before.durable());
        count(kind);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aThrowingSubscriptionHandlerEndsOnlyItsSubscriptionAndChangesNothing(Kind kind) throws Exception {
        EventLog log = openFixture(kind);
        log.flush();
        State before = State.of(log);
        Subscription subscription = log.subscribe(WalType.POTS, FIRST_RETAINED, entry -> {
            throw new IllegalStateException("node bug at " + entry.lsn());
        });
        assertThatThrownBy(() -> subscription.terminated().get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ReplayAbortedException.class)
                .hasMessageContaining("node bug at");
        subscription.close();
        subscription.close();
        assertUnchanged(kind, log, before);
        count(kind);
    }

    static Stream<Kind> kinds() {
        return Stream.of(Kind.values());
    }

    @Test
    void rocksOpenAndItsOwnMethodsRefuseBadArgumentsByName() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a store");
        List<Row> rows = List.of(
                refuse(
                        "RocksEventLog.open",
                        "dir null",
                        NullPointerException.class,
                        "dir",
                        log -> RocksEventLog.open(null, RocksEventLogOptions.defaults())),
                refuse(
                        "RocksEventLog.open",
                        "dir null, batch size",
                        NullPointerException.class,
                        "dir",
                        log -> RocksEventLog.open(null, 10)),
                refuse(
                        "RocksEventLog.open",
                        "options null",
                        NullPointerException.class,
                        "options",
                        log -> RocksEventLog.open(dir.resolve("x"), null)),
                refuse(
                        "RocksEventLog.open",
                        "a regular file",
                        EventLogIOException.class,
                        file.toString(),
                        log -> RocksEventLog.open(file, RocksEventLogOptions.defaults())),
                refuse(
                        "RocksEventLog.backupTo",
                        "null",
                        NullPointerException.class,
                        "target",
                        log -> ((RocksEventLog) log).backupTo(null)),
                refuse(
                        "RocksEventLog.backupTo",
                        "the store's own directory",
                        EventLogIOException.class,
                        "it exists",
                        log -> ((RocksEventLog) log).backupTo(((RocksEventLog) log).directory())),
                refuse(
                        "RocksEventLog.backupTo",
                        "a path under a regular file",
                        EventLogIOException.class,
                        "its parent directory does not exist",
                        log -> ((RocksEventLog) log).backupTo(file.resolve("backup"))),
                refuse(
                        "RocksEventLog.awaitBackgroundCompaction",
                        "null",
                        NullPointerException.class,
                        "timeout",
                        log -> ((RocksEventLog) log).awaitBackgroundCompaction(null)),
                refuse(
                        "RocksEventLog.close",
                        "from inside a replay handler",
                        ReplayAbortedException.class,
                        "IllegalStateException: close() of",
                        log -> log.replay(entry -> log.close())));
        EventLog log = openFixture(Kind.ROCKS);
        log.flush(); // a backup flushes before it copies, also when the copy then fails; that is no change of content
        State before = State.of(log);
        for (Row row : rows) {
            assertThatThrownBy(() -> row.call().call(log))
                    .as(row.toString())
                    .isInstanceOf(row.expected())
                    .satisfies(e -> BadInputTest.assertNamed(e, row.fragment()));
            count("RocksEventLog");
        }
        assertThat(Files.readString(file)).isEqualTo("not a store");
        assertUnchanged(Kind.ROCKS, log, before);
    }

    @Test
    void theReaderRefusesBadArgumentsByNameAndEveryCallAfterClose() {
        EventLog log = openFixture(Kind.ROCKS);
        log.close();
        Path store = dir.resolve("store");
        assertThatThrownBy(() -> RocksEventLogReader.open(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("dir");
        assertThatThrownBy(() -> RocksEventLogReader.open(store.resolve("CURRENT")))
                .isInstanceOf(EventLogIOException.class)
                .hasMessageContaining(store.resolve("CURRENT").toString());
        count("RocksEventLogReader", 2);
        RocksEventLogReader reader = RocksEventLogReader.open(store);
        LsnMetadata metadata = reader.metadata();
        List<Row> rows = List.of(
                refuse("get", "0", IllegalArgumentException.class, "was 0", l -> reader.get(0)),
                refuse(
                        "get",
                        "Long.MIN_VALUE",
                        IllegalArgumentException.class,
                        "was " + Long.MIN_VALUE,
                        l -> reader.get(Long.MIN_VALUE)),
                refuse("count", "null", NullPointerException.class, "type", l -> reader.count(null)),
                refuse("last", "null", NullPointerException.class, "type", l -> reader.last(null)),
                refuse(
                        "replay",
                        "handler null",
                        NullPointerException.class,
                        "handler",
                        l -> reader.replay((EntryHandler) null)),
                refuse("replay", "type null", NullPointerException.class, "type", l -> reader.replay(null, IGNORE)),
                refuse(
                        "replay",
                        "handler throws",
                        ReplayAbortedException.class,
                        "replay stopped at LSN " + FIRST_RETAINED,
                        l -> reader.replay(entry -> {
                            throw new IllegalStateException("tool bug");
                        })),
                refuse("cursor", "type null", NullPointerException.class, "type", l -> reader.cursor(null, 1)),
                refuse("scan", "limit -1", IllegalArgumentException.class, "was -1", l -> reader.scan(1, -1)),
                refuse("scan", "type null", NullPointerException.class, "type", l -> reader.scan(null, 1, 1)),
                refuse(
                        "findByKey",
                        "type null",
                        NullPointerException.class,
                        "type",
                        l -> reader.findByKey(null, new byte[1])),
                refuse(
                        "findByKey",
                        "key null",
                        NullPointerException.class,
                        "key",
                        l -> reader.findByKey(WalType.POTS, null)),
                refuse(
                        "scanByKey",
                        "limit -1",
                        IllegalArgumentException.class,
                        "was -1",
                        l -> reader.scanByKey(WalType.POTS, null, null, -1)),
                refuse("subscribe", "LSN 0", IllegalArgumentException.class, "was 0", l -> reader.subscribe(0, IGNORE)),
                refuse(
                        "subscribe",
                        "handler null",
                        NullPointerException.class,
                        "handler",
                        l -> reader.subscribe(1, null)),
                refuse(
                        "subscribe",
                        "type null",
                        NullPointerException.class,
                        "type",
                        l -> reader.subscribe(null, 1, IGNORE)),
                refuse(
                        "verify",
                        "catalog null",
                        NullPointerException.class,
                        "catalog",
                        l -> reader.verify(null, problem -> {}, checked -> {})));
        for (Row row : rows) {
            assertThatThrownBy(() -> row.call().call(null))
                    .as(row.toString())
                    .isInstanceOf(row.expected())
                    .satisfies(e -> BadInputTest.assertNamed(e, row.fragment()));
            count("RocksEventLogReader");
        }
        assertThat(reader.get(Long.MAX_VALUE)).isEmpty();
        assertThat(reader.count(UNKNOWN)).isZero();
        assertThat(reader.metadata()).isEqualTo(metadata);
        reader.close();
        reader.close();
        List<Row> afterClose = List.of(
                refuse("catchUp", "", EventLogClosedException.class, "(reader) is closed", l -> reader.catchUp()),
                refuse("metadata", "", EventLogClosedException.class, "(reader) is closed", l -> reader.metadata()),
                refuse(
                        "checkpoints",
                        "",
                        EventLogClosedException.class,
                        "(reader) is closed",
                        l -> reader.checkpoints()),
                refuse("types", "", EventLogClosedException.class, "(reader) is closed", l -> reader.types()),
                refuse(
                        "foreignColumnFamilies",
                        "",
                        EventLogClosedException.class,
                        "(reader) is closed",
                        l -> reader.foreignColumnFamilies()),
                refuse(
                        "formatVersion",
                        "",
                        EventLogClosedException.class,
                        "(reader) is closed",
                        l -> reader.formatVersion()),
                refuse(
                        "count",
                        "",
                        EventLogClosedException.class,
                        "(reader) is closed",
                        l -> reader.count(WalType.POTS)),
                refuse("get", "", EventLogClosedException.class, "(reader) is closed", l -> reader.get(1)),
                refuse("last", "", EventLogClosedException.class, "(reader) is closed", l -> reader.last(WalType.POTS)),
                refuse("replay", "", EventLogClosedException.class, "(reader) is closed", l -> reader.replay(IGNORE)),
                refuse("cursor", "", EventLogClosedException.class, "(reader) is closed", l -> reader.cursor(1)),
                refuse("scan", "", EventLogClosedException.class, "(reader) is closed", l -> reader.scan(1, 10)),
                refuse("hydrateAll", "", EventLogClosedException.class, "(reader) is closed", l -> reader.hydrateAll()),
                refuse(
                        "findByKey",
                        "",
                        EventLogClosedException.class,
                        "(reader) is closed",
                        l -> reader.findByKey(WalType.POTS, new byte[1])),
                refuse(
                        "subscribe",
                        "",
                        EventLogClosedException.class,
                        "(reader) is closed",
                        l -> reader.subscribe(1, IGNORE)),
                refuse("mode", "", EventLogClosedException.class, "(reader) is closed", l -> reader.mode()),
                refuse("statistics", "", EventLogClosedException.class, "(reader) is closed", l -> reader.statistics()),
                refuse(
                        "verify",
                        "",
                        EventLogClosedException.class,
                        "(reader) is closed",
                        l -> reader.verify(StandardEvents.catalog(), problem -> {}, checked -> {})));
        for (Row row : afterClose) {
            assertThatThrownBy(() -> row.call().call(null))
                    .as(row.toString())
                    .isInstanceOf(row.expected())
                    .hasMessageContaining(row.fragment());
            count("RocksEventLogReader");
        }
        try (EventLog reopened = RocksEventLog.open(store, 100)) {
            assertThat(reopened.lastLsn()).isEqualTo(LAST);
            assertThat(reopened.metadata().firstRetainedLsn()).isEqualTo(FIRST_RETAINED);
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @AfterAll
    static void printSummary() {
        System.out.println("bad input (logs): " + REFUSED.get() + " invalid calls refused with named errors across "
                + CLASSES.size() + " classes " + CLASSES + ", " + ANSWERED.get()
                + " out-of-range calls answered as documented; store state compared " + STATES_COMPARED.get()
                + " times across a reopen, unchanged each time");
    }

    /**
     * What a log holds, as far as a caller can see: the LSN state (without the update time), the
     * checkpoints, every retained entry with its payload, and each type's count and last entry.
     */
    record State(
            long lastLsn,
            long lastFlushedLsn,
            long firstRetainedLsn,
            List<Long> checkpoints,
            List<WalEntry> entries,
            Map<WalType, Long> counts,
            Map<WalType, WalEntry> lastOfEach) {

        static State of(EventLog log) {
            LsnMetadata metadata = log.metadata();
            Map<WalType, Long> counts = new LinkedHashMap<>();
            WalType.standardTypes().forEach(type -> counts.put(type, log.count(type)));
            return new State(
                    metadata.lastLsn(),
                    metadata.lastFlushedLsn(),
                    metadata.firstRetainedLsn(),
                    log.checkpoints(),
                    log.scan(1, Integer.MAX_VALUE),
                    counts,
                    log.hydrateAll());
        }

        /** What must survive a close and reopen: everything but the flushed LSN (close flushes). */
        State durable() {
            return new State(lastLsn, lastLsn, firstRetainedLsn, checkpoints, entries, counts, lastOfEach);
        }
    }

    private void assertUnchanged(Kind kind, EventLog log, State before) {
        assertThat(State.of(log)).isEqualTo(before);
        log.close();
        EventLog reopened = open(kind);
        assertThat(State.of(reopened).durable()).isEqualTo(before.durable());
        STATES_COMPARED.incrementAndGet();
    }

    /**
     * A log of every event class: 8 sample events and 2 PoTS blocks (LSNs 1 to 10) flushed and
     * checkpointed, truncated before LSN 4, then 2 more written and left in the buffer.
     */
    private EventLog openFixture(Kind kind) {
        EventLog log = open(kind);
        for (long seed = 0; seed < 8; seed++) {
            log.write(SampleEvents.of(seed));
        }
        log.write(new PoTSBlockEvent(Operation.APPEND, 5, new byte[] {5}, 1));
        log.write(new PoTSBlockEvent(Operation.APPEND, 6, new byte[] {6}, 1));
        log.createCheckpoint();
        log.truncateBefore(FIRST_RETAINED);
        log.write(new PoTSBlockEvent(Operation.DOWNLOAD, 7, new byte[] {7}, 2));
        Event last = SampleEvents.of(11);
        log.write(last);
        assertThat(log.metadata())
                .isEqualTo(new LsnMetadata(LAST, LAST - 2, log.metadata().lastUpdatedMillis(), FIRST_RETAINED));
        return log;
    }

    private EventLog open(Kind kind) {
        EventLog log = switch (kind) {
            case IN_MEMORY -> InMemoryEventLog.open(storage, StandardEvents.catalog(), 100, 10, InstantSource.system());
            // No fsync: this suite checks what the log answers, not what survives a power loss.
            case ROCKS ->
                RocksEventLog.open(
                        dir.resolve("store"),
                        RocksEventLogOptions.builder()
                                .batchSize(100)
                                .syncOnFlush(false)
                                .build());
        };
        opened.add(log);
        return log;
    }

    private static void count(Kind kind) {
        count(kind == Kind.IN_MEMORY ? "InMemoryEventLog" : "RocksEventLog");
    }

    private static void count(String className) {
        count(className, 1);
    }

    private static void count(String className, int calls) {
        REFUSED.addAndGet(calls);
        synchronized (CLASSES) {
            CLASSES.add(className);
        }
    }
}
