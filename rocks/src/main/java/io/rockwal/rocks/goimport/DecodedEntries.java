package io.rockwal.rocks.goimport;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Go log's entries, read and decoded on a thread of their own while the caller writes the previous
 * ones into the store: on two cores, the import then takes about as long as the slower of the two
 * instead of their sum. At most {@value #MAX_QUEUED_BYTES} bytes of records (and always at least one
 * entry, whatever its size) wait decoded, so memory stays bounded by the largest entry. A decoding
 * failure reaches the caller at the entry where it happened, after every entry before it.
 */
final class DecodedEntries implements AutoCloseable {

    static final long MAX_QUEUED_BYTES = 32L << 20;

    /** One entry and where its record is, for the messages of what the writing side finds. */
    record Decoded(Path segment, long offset, GoEntryDecoder.GoEntry entry, long timestampMillis, int recordBytes) {}

    private final GoSegmentReader frames;
    private final GoEntryDecoder decoder;
    private final Thread thread;
    private final Deque<Decoded> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean finished;
    private boolean closed;
    private RuntimeException failure;

    DecodedEntries(GoSegmentReader frames, GoEntryDecoder decoder) {
        this.frames = frames;
        this.decoder = decoder;
        this.thread = new Thread(this::decodeAll, "rockwal-go-import-decoder");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void decodeAll() {
        try {
            for (GoSegmentReader.Frame frame = frames.next(); frame != null; frame = frames.next()) {
                GoEntryDecoder.GoEntry entry = decoder.decode(frame);
                Decoded decoded = new Decoded(
                        frame.segment(),
                        frame.offset(),
                        entry,
                        GoWalImport.millis(frame, entry.timestampSeconds()),
                        frame.bytes().length);
                synchronized (this) {
                    while (!closed && !queue.isEmpty() && queuedBytes + decoded.recordBytes() > MAX_QUEUED_BYTES) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                    queue.addLast(decoded);
                    queuedBytes += decoded.recordBytes();
                    notifyAll();
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                finished = true;
                notifyAll();
            }
        }
    }

    /**
     * The next entry in LSN order, or null after the last.
     *
     * @throws GoWalException what decoding the next record found wrong
     */
    synchronized Decoded next() {
        boolean interrupted = false;
        while (queue.isEmpty() && !finished) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Decoded next = queue.pollFirst();
        if (next != null) {
            queuedBytes -= next.recordBytes();
            notifyAll();
            return next;
        }
        if (failure != null) {
            throw failure;
        }
        return null;
    }

    /** Stops the decoding thread and waits for it (it ends within one record), then closes the segments. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        frames.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
