package io.rockwal.rocks;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The store's work as JDK Flight Recorder events, so a node profiling with JFR sees flushes,
 * truncations and compactions on its timeline. The names ({@code io.rockwal.Flush} and so on) are
 * public API. An event not enabled in the running recording costs one check.
 */
final class FlightEvents {

    private FlightEvents() {}

    @Name("io.rockwal.Flush")
    @Label("rockwal flush")
    @Category({"rockwal"})
    @Description("One atomic write of buffered entries with their metadata, fsync included when the log syncs")
    @StackTrace(false)
    static final class Flush extends Event {
        @Label("Directory")
        String directory;

        @Label("First LSN")
        long fromLsn;

        @Label("Last LSN")
        long toLsn;

        @Label("Entries")
        int entries;

        @Label("Payload bytes")
        @DataAmount
        long payloadBytes;
    }

    @Name("io.rockwal.Truncation")
    @Label("rockwal truncation")
    @Category({"rockwal"})
    @Description("Entries before an LSN deleted, by truncateBefore or a checkpoint rotation")
    @StackTrace(false)
    static final class Truncation extends Event {
        @Label("Directory")
        String directory;

        @Label("Before LSN")
        long beforeLsn;
    }

    @Name("io.rockwal.Compaction")
    @Label("rockwal compaction")
    @Category({"rockwal"})
    @Description("Background compaction giving back the space of truncated entries")
    @StackTrace(false)
    static final class Compaction extends Event {
        @Label("Directory")
        String directory;

        @Label("Before LSN")
        long beforeLsn;

        @Label("Completed")
        boolean completed;
    }
}
