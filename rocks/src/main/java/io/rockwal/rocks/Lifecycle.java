package io.rockwal.rocks;

import io.rockwal.core.EventLogClosedException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The guard every public method of a log or reader passes. Calls hold the read side while they run; close takes
 * the write side, so it waits for calls in flight and later calls see the log closed. Use after close
 * is an exception, never a native crash.
 */
final class Lifecycle {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String location;
    private volatile boolean closed;

    Lifecycle(String location) {
        this.location = location;
    }

    /** Enters a call; pair with {@link #exit()} in a finally block. */
    void enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new EventLogClosedException(location);
        }
    }

    /** As {@link #enter()}, but answers false instead of throwing when closed (then nothing is held). */
    boolean tryEnter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            return false;
        }
        return true;
    }

    void exit() {
        lock.readLock().unlock();
    }

    /**
     * Starts closing: waits for calls in flight and marks the log closed. Returns false, holding
     * nothing, if it was already closed; otherwise the caller must call {@link #endClose()}.
     *
     * @throws IllegalStateException if called from inside a call on the same log (a replay handler
     *     closing the log it replays), which could never finish
     */
    boolean beginClose() {
        refuseCloseFromInsideACall();
        lock.writeLock().lock();
        if (closed) {
            lock.writeLock().unlock();
            return false;
        }
        closed = true;
        return true;
    }

    /**
     * Throws if the calling thread is inside a call on the same log, where a close could never finish.
     * A close checks this before it changes anything (before it ends subscriptions, say), so a refused
     * close leaves the log as it was.
     *
     * @throws IllegalStateException if called from inside a call, such as a replay handler
     */
    void refuseCloseFromInsideACall() {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("close() of " + location
                    + " was called from inside a call on the same log (a replay handler?); close it afterwards");
        }
    }

    void endClose() {
        lock.writeLock().unlock();
    }

    boolean isClosed() {
        return closed;
    }
}
