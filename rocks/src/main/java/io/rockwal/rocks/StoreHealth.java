package io.rockwal.rocks;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a log can take writes, as {@link RocksEventLog#health()} reports it.
 *
 * @param status the state
 * @param reason what caused it, in words; empty for {@link Status#OK}
 * @param since when the log entered this state (when it opened, for a log that has always been OK)
 */
public record StoreHealth(Status status, String reason, Instant since) {

    /** The states, in rising order of trouble; {@link #ordinal()} is the {@code rockwal.health} gauge's value. */
    public enum Status {
        /** Writes are accepted at full speed. */
        OK,
        /**
         * Writes are accepted, slowed: RocksDB delays or stops writes until compaction catches up, or
         * background compaction is behind, or an I/O error was met and retried.
         */
        DEGRADED,
        /**
         * Writes are refused until the log is reopened: RocksDB raised a background error (a failed
         * flush or compaction, damage met by compaction), or a write failed in a way that may have lost
         * data the disk had accepted.
         */
        FAILED
    }

    /** Checks the fields. */
    public StoreHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }
}
