package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.Event;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.ReconciliationEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The known content of a damaged store: the event at every LSN is a function of the LSN, so any entry
 * read back can be checked exactly. Two types: PoTS blocks (with a secondary key, the block number, which
 * equals the LSN) at LSNs not divisible by 3, reconciliations at the others. Payloads are random bytes,
 * so LZ4 leaves them alone and the data spans many table blocks.
 */
final class CorruptionFixture {

    static final WalType POTS = WalType.POTS;
    static final WalType RECONCILIATION = WalType.RECONCILIATION;

    /** Entries read back and compared with the fixture's events, over the whole suite. */
    static final java.util.concurrent.atomic.AtomicLong VERIFIED = new java.util.concurrent.atomic.AtomicLong();

    private CorruptionFixture() {}

    /** The event this fixture writes at {@code lsn}. */
    static Event eventAt(long lsn) {
        Random random = new Random(lsn * 7919);
        if (lsn % 3 == 0) {
            byte[] address = new byte[20];
            random.nextBytes(address);
            return new ReconciliationEvent(
                    "0x" + HexFormat.of().formatHex(address),
                    Long.toString(lsn),
                    Long.toString(lsn + 1),
                    lsn,
                    1_700_000_000_000L + lsn);
        }
        byte[] block = new byte[300];
        random.nextBytes(block);
        return new PoTSBlockEvent(Operation.APPEND, lsn, block, 1_700_000_000_000L + lsn);
    }

    static WalType typeAt(long lsn) {
        return lsn % 3 == 0 ? RECONCILIATION : POTS;
    }

    /** Writes the fixture's events for LSNs {@code 1..count} in batches, closes the log (memtables go to table files). */
    static void writeStore(Path dir, int count, int batch) {
        try (RocksEventLog log = RocksEventLog.open(
                dir, RocksEventLogOptions.builder().syncOnFlush(false).build())) {
            append(log, 1, count, batch);
        }
    }

    /** Writes the fixture's events for {@code fromLsn..toLsn}, flushing every {@code batch}; checks the LSNs given. */
    static void append(RocksEventLog log, long fromLsn, long toLsn, int batch) {
        for (long lsn = fromLsn; lsn <= toLsn; lsn++) {
            assertThat(log.write(eventAt(lsn)))
                    .as("LSN given to the next event")
                    .isEqualTo(lsn);
            if ((lsn - fromLsn + 1) % batch == 0) {
                log.flush();
            }
        }
        log.flush();
    }

    /**
     * What a power cut leaves after the last flush returned: the fixture's events {@code 1..count} are
     * written in fsynced batches of {@code batch} by an open log, and the store's files are copied while
     * it is still open, so every batch is only in RocksDB's write-ahead log (nothing in table files).
     */
    static void crashImage(Path liveDir, Path image, int count, int batch) throws IOException {
        try (RocksEventLog log = RocksEventLog.open(liveDir, 0)) {
            append(log, 1, count, batch);
            CorruptionFiles.copyFiles(liveDir, image);
        }
    }

    /** Asserts that the entry at each LSN is exactly the fixture's event. */
    static void assertIntact(EventSource log, long fromLsn, long toLsn) {
        for (long lsn = fromLsn; lsn <= toLsn; lsn++) {
            assertExact(log.get(lsn), lsn);
        }
    }

    static void assertExact(Optional<WalEntry> entry, long lsn) {
        assertThat(entry).as("entry at LSN %d", lsn).isPresent();
        assertExact(entry.get(), lsn);
    }

    static void assertExact(WalEntry entry, long lsn) {
        VERIFIED.incrementAndGet();
        assertThat(entry.lsn()).isEqualTo(lsn);
        assertThat(entry.type()).as("type at LSN %d", lsn).isEqualTo(typeAt(lsn));
        assertThat(EventFactory.decode(entry)).as("event at LSN %d", lsn).isEqualTo(eventAt(lsn));
    }

    /** The reads both the log and the reader offer. */
    interface EventSource {
        Optional<WalEntry> get(long lsn);
    }

    /**
     * Runs every read path of the log over a store with damaged table blocks in {@code columnFamily}
     * holding LSNs {@code 1..lastLsn}: each either returns exactly the fixture's data or throws
     * {@link EventLogCorruptedException} naming {@code columnFamily}. Replays and cursors that throw must
     * have delivered a gap-free prefix (nothing skipped). Returns the LSNs whose lookup threw.
     */
    static ReadPathReport checkEveryReadPath(RocksEventLog log, long lastLsn, String columnFamily) {
        ReadPathReport report = new ReadPathReport(columnFamily);
        List<Long> unreadable = new ArrayList<>();
        for (long lsn = 1; lsn <= lastLsn; lsn++) {
            long at = lsn;
            if (report.attempt("get(" + lsn + ")", () -> {
                assertExact(log.get(at), at);
                return null;
            })) {
                unreadable.add(lsn);
            }
        }
        report.unreadableLsns = unreadable;
        report.attempt(
                "replay()", () -> delivered(report, "replay()", 1, lastLsn, true, handler -> log.replay(handler::add)));
        for (WalType type : List.of(POTS, RECONCILIATION)) {
            report.attempt(
                    "replay(" + type + ")",
                    () -> delivered(
                            report,
                            "replay(" + type + ")",
                            1,
                            lastLsn,
                            false,
                            handler -> log.replay(type, handler::add),
                            type));
            report.attempt("scan(" + type + ")", () -> checkPage(log.scan(type, 1, Integer.MAX_VALUE), lastLsn, type));
            report.attempt(
                    "cursor(" + type + ")",
                    () -> delivered(
                            report,
                            "cursor(" + type + ")",
                            1,
                            lastLsn,
                            false,
                            handler -> drain(log.cursor(type, 1), handler),
                            type));
            report.attempt("last(" + type + ")", () -> {
                long expected = lastOf(type, lastLsn);
                assertExact(log.last(type), expected);
                return null;
            });
            report.attempt("count(" + type + ")", () -> {
                assertThat(log.count(type)).isEqualTo(countOf(type, lastLsn));
                return null;
            });
        }
        report.attempt("scan()", () -> checkPage(log.scan(1, Integer.MAX_VALUE), lastLsn, null));
        report.attempt(
                "cursor()",
                () -> delivered(report, "cursor()", 1, lastLsn, true, handler -> drain(log.cursor(1), handler)));
        report.attempt("hydrateAll()", () -> {
            var last = log.hydrateAll();
            assertExact(last.get(POTS), lastOf(POTS, lastLsn));
            assertExact(last.get(RECONCILIATION), lastOf(RECONCILIATION, lastLsn));
            return null;
        });
        for (long lsn = 1; lsn <= lastLsn; lsn += 17) {
            if (typeAt(lsn).equals(POTS)) {
                long block = lsn;
                report.attempt("findByKey(" + block + ")", () -> {
                    List<WalEntry> found = log.findByKey(POTS, IndexKeys.ofUnsignedLong(block));
                    assertThat(found).hasSize(1);
                    assertExact(found.get(0), block);
                    return null;
                });
            }
        }
        return report;
    }

    /** As {@link #checkEveryReadPath} for the read-only reader (the tool's view of a store no process holds). */
    static ReadPathReport checkReader(RocksEventLogReader reader, long lastLsn, String columnFamily) {
        ReadPathReport report = new ReadPathReport(columnFamily);
        for (long lsn = 1; lsn <= lastLsn; lsn++) {
            long at = lsn;
            report.attempt("reader.get(" + lsn + ")", () -> {
                assertExact(reader.get(at), at);
                return null;
            });
        }
        report.attempt(
                "reader.replay()",
                () -> delivered(report, "reader.replay()", 1, lastLsn, true, handler -> reader.replay(handler::add)));
        for (WalType type : List.of(POTS, RECONCILIATION)) {
            report.attempt("reader.last(" + type + ")", () -> {
                assertExact(reader.last(type), lastOf(type, lastLsn));
                return null;
            });
            report.attempt("reader.count(" + type + ")", () -> {
                assertThat(reader.count(type)).isEqualTo(countOf(type, lastLsn));
                return null;
            });
        }
        return report;
    }

    private static long lastOf(WalType type, long lastLsn) {
        long lsn = lastLsn;
        while (!typeAt(lsn).equals(type)) {
            lsn--;
        }
        return lsn;
    }

    private static long countOf(WalType type, long lastLsn) {
        long count = 0;
        for (long lsn = 1; lsn <= lastLsn; lsn++) {
            count += typeAt(lsn).equals(type) ? 1 : 0;
        }
        return count;
    }

    private static Void checkPage(List<WalEntry> page, long lastLsn, WalType typeOrNull) {
        List<Long> expected = new ArrayList<>();
        for (long lsn = 1; lsn <= lastLsn; lsn++) {
            if (typeOrNull == null || typeAt(lsn).equals(typeOrNull)) {
                expected.add(lsn);
            }
        }
        assertThat(page.stream().map(WalEntry::lsn).toList()).isEqualTo(expected);
        page.forEach(entry -> assertExact(entry, entry.lsn()));
        return null;
    }

    private static void drain(EntryCursor cursor, List<WalEntry> sink) {
        try (cursor) {
            while (cursor.hasNext()) {
                sink.add(cursor.next());
            }
        }
    }

    private static Void delivered(
            ReadPathReport report,
            String path,
            long fromLsn,
            long lastLsn,
            boolean allTypes,
            java.util.function.Consumer<List<WalEntry>> reading) {
        return delivered(report, path, fromLsn, lastLsn, allTypes, reading, null);
    }

    /**
     * Runs a streaming read; whether it ends normally or throws, what it delivered must be the exact
     * expected sequence, or a prefix of it when it threw: a damaged block is never skipped over.
     */
    private static Void delivered(
            ReadPathReport report,
            String path,
            long fromLsn,
            long lastLsn,
            boolean allTypes,
            java.util.function.Consumer<List<WalEntry>> reading,
            WalType type) {
        List<Long> expected = new ArrayList<>();
        for (long lsn = fromLsn; lsn <= lastLsn; lsn++) {
            if (allTypes || typeAt(lsn).equals(type)) {
                expected.add(lsn);
            }
        }
        List<WalEntry> sink = new ArrayList<>();
        RuntimeException failure = null;
        try {
            reading.accept(sink);
        } catch (RuntimeException e) {
            failure = e;
        }
        List<Long> got = sink.stream().map(WalEntry::lsn).toList();
        assertThat(expected.subList(0, Math.min(got.size(), expected.size())))
                .as("%s delivered a gap-free prefix of the expected LSNs", path)
                .isEqualTo(got);
        sink.forEach(entry -> assertExact(entry, entry.lsn()));
        if (failure != null) {
            report.streamedBeforeFailure.add(path + " delivered " + got.size() + " of " + expected.size());
            throw failure;
        }
        assertThat(got)
                .as("%s delivered everything when it did not throw", path)
                .isEqualTo(expected);
        return null;
    }

    /** Which read paths threw on damaged data; every other path returned exactly the right data. */
    static final class ReadPathReport {
        final String columnFamily;
        final List<String> threw = new ArrayList<>();
        final List<String> correct = new ArrayList<>();
        final List<String> streamedBeforeFailure = new ArrayList<>();
        final List<EventLogCorruptedException> failures = new ArrayList<>();
        List<Long> unreadableLsns = List.of();

        ReadPathReport(String columnFamily) {
            this.columnFamily = columnFamily;
        }

        /** Runs one read; returns whether it threw (a corruption naming the column family, else the test fails). */
        boolean attempt(String path, Supplier<Void> read) {
            try {
                read.get();
                correct.add(path);
                return false;
            } catch (EventLogCorruptedException e) {
                assertThat(e.columnFamily())
                        .as("column family named by %s: %s", path, e.getMessage())
                        .isEqualTo(columnFamily);
                threw.add(path);
                failures.add(e);
                return true;
            } catch (AssertionError e) {
                throw e;
            } catch (RuntimeException e) {
                fail(path + " threw " + e + " instead of an EventLogCorruptedException", e);
                return true;
            }
        }
    }
}
