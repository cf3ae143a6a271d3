package io.rockwal.rocks;

import java.util.concurrent.atomic.LongAdder;

/** What the write path counts as it goes: updated under the writer's lock or by the committer, read at any time. */
final class WriteMetrics {

    final LongAdder entriesWritten = new LongAdder();
    final LongAdder payloadBytesWritten = new LongAdder();
    final LongAdder truncations = new LongAdder();
    final LongAdder checkpoints = new LongAdder();
    /** Nanoseconds per flush: the write batch handed to RocksDB and, when syncing, its fsync. */
    final Recorder flushNanos = new Recorder();

    final Recorder entriesPerFlush = new Recorder();
    /** Writes per group the committer flushed together. */
    final Recorder groupSizes = new Recorder();

    void flushed(int entries, long payloadBytes, long nanos) {
        entriesWritten.add(entries);
        payloadBytesWritten.add(payloadBytes);
        flushNanos.record(nanos);
        entriesPerFlush.record(entries);
    }
}
