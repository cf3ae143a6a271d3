package io.rockwal.rocks;

import io.rockwal.core.EntriesTruncatedException;
import io.rockwal.core.EntryHandler;
import io.rockwal.core.EventLogClosedException;
import io.rockwal.core.ReplayAbortedException;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A subscription of a RocksDB log: a thread that reads durable entries from the store in chunks and
 * hands them to the handler. It holds no queue: between chunks it waits for the writer's
 * {@link FlushSignal}, so writers never wait for it and its memory is one chunk. It holds the log's
 * lifecycle guard only while it reads a chunk, never while the handler runs.
 */
final class RocksSubscription implements Subscription {

    private static final int CHUNK = 256;
    private static final long IDLE_WAIT_MILLIS = 200;

    private final LogReader reader;
    private final LogWriter writer;
    private final Lifecycle lifecycle;
    private final FlushSignal flushSignal;
    private final WalType typeOrNull;
    private final EntryHandler handler;
    private final Consumer<RocksSubscription> onEnd;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread thread;
    private volatile long nextLsn;
    private volatile boolean stopping;

    RocksSubscription(LogReader reader, LogWriter writer, Lifecycle lifecycle, FlushSignal flushSignal,
            WalType typeOrNull, long fromLsn, EntryHandler handler, String location, Consumer<RocksSubscription> onEnd) {
        this.reader = reader;
        this.writer = writer;
        this.lifecycle = lifecycle;
        this.flushSignal = flushSignal;
        this.typeOrNull = typeOrNull;
        this.handler = handler;
        this.onEnd = onEnd;
        this.nextLsn = fromLsn;
        this.thread = new Thread(this::run, "rockwal-subscription " + location + " from " + fromLsn);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                long seenFlushes = flushSignal.flushes();
                Chunk chunk = readChunk();
                if (chunk == null) {
                    break;
                }
                for (WalEntry entry : chunk.entries()) {
                    if (stopping) {
                        break;
                    }
                    try {
                        handler.handle(entry);
                    } catch (Exception e) {
                        throw new ReplayAbortedException(entry.lsn(), e);
                    }
                    nextLsn = entry.lsn() + 1;
                }
                if (stopping) {
                    break;
                }
                nextLsn = chunk.nextLsn();
                if (chunk.entries().isEmpty()) {
                    flushSignal.awaitAfter(seenFlushes, IDLE_WAIT_MILLIS);
                }
            }
            terminated.complete(null);
        } catch (InterruptedException e) {
            terminated.complete(null);
        } catch (RuntimeException | Error e) {
            terminated.completeExceptionally(e);
        } finally {
            onEnd.accept(this);
        }
    }

    private record Chunk(List<WalEntry> entries, long nextLsn) {
    }

    /** The next durable entries, or null once the log is closed. */
    private Chunk readChunk() {
        try {
            lifecycle.enter();
        } catch (EventLogClosedException e) {
            return null;
        }
        try {
            long from = nextLsn;
            long first = writer.firstRetainedLsn();
            if (from < first) {
                throw new EntriesTruncatedException(from, first);
            }
            long upTo = writer.lastFlushedLsn();
            if (from > upTo) {
                return new Chunk(List.of(), from);
            }
            List<WalEntry> entries = reader.scan(typeOrNull, from, upTo, false, true, CHUNK);
            long after = entries.size() == CHUNK ? entries.get(CHUNK - 1).lsn() + 1 : upTo + 1;
            return new Chunk(entries, after);
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public long nextLsn() {
        return nextLsn;
    }

    @Override
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public void close() {
        stopping = true;
        if (Thread.currentThread() == thread) {
            return;
        }
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
