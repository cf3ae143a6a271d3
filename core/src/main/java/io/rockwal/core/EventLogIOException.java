package io.rockwal.core;

/**
 * Reading or writing the log's storage failed. When {@link #isTransient()} is true the condition may
 * clear by itself (disk space freed, a busy resource released) and the same call may be retried;
 * buffered entries that a failed flush did not write stay buffered and are written by the next flush.
 */
public class EventLogIOException extends EventLogException {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    /**
     * @param message what was being done, where, and what an operator can do
     * @param cause the underlying failure, may be null
     * @param transientFailure whether retrying later may succeed
     */
    public EventLogIOException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether retrying later may succeed (for example after disk space is freed). */
    public boolean isTransient() {
        return transientFailure;
    }
}
