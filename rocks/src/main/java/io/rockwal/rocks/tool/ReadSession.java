package io.rockwal.rocks.tool;

import io.rockwal.core.LsnMetadata;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens a store for a command that reads it. The tool never writes to such a store: it always goes
 * through {@link RocksEventLogReader#open(Path)}, which opens read-only when no writer holds the store
 * and as a RocksDB secondary instance (with its own files in a temporary directory) while a node has it
 * open. It then catches up with the writer, so the answer covers everything flushed before the command
 * started, and says how far it got on stderr when asked to ({@code --verbose}) or when stderr is a
 * terminal.
 */
final class ReadSession {

    private ReadSession() {}

    /** Opens and catches up; the caller closes the reader. */
    static RocksEventLogReader open(Path dir, boolean report, PrintWriter err) {
        return open(dir, RocksEventLogReader.DEFAULT_POLL_INTERVAL, report, err);
    }

    /** As {@link #open(Path, boolean, PrintWriter)}, with subscriptions polling every {@code pollInterval}. */
    static RocksEventLogReader open(Path dir, Duration pollInterval, boolean report, PrintWriter err) {
        RocksEventLogReader reader = RocksEventLogReader.open(dir, pollInterval);
        try {
            LsnMetadata state = reader.catchUp();
            if (report) {
                err.println("rockwal: " + describe(reader, state));
                err.flush();
            }
            return reader;
        } catch (RuntimeException | Error e) {
            try {
                reader.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /** For example "read /data/wal as a secondary instance (a writer holds it): LSNs 1..1234, last flushed 1234". */
    static String describe(RocksEventLogReader reader, LsnMetadata state) {
        String how = reader.mode() == RocksEventLogReader.Mode.SECONDARY
                ? "as a secondary instance (a writer holds it), caught up to last flushed LSN " + state.lastFlushedLsn()
                : "read-only (no writer holds it), last flushed LSN " + state.lastFlushedLsn();
        return "read " + reader.directory() + " " + how + "; " + retained(state);
    }

    /** For example "LSNs 1..1234 retained" or "no entry retained". */
    static String retained(LsnMetadata state) {
        return state.isEmpty()
                ? "no entry retained"
                : "LSNs " + state.firstRetainedLsn() + ".." + state.lastFlushedLsn() + " retained";
    }

    /** "read-only" or "secondary". */
    static String modeName(RocksEventLogReader reader) {
        return reader.mode() == RocksEventLogReader.Mode.SECONDARY ? "secondary" : "read-only";
    }
}
