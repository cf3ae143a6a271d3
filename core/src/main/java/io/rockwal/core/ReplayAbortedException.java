package io.rockwal.core;

/**
 * A replay handler threw, which stopped the replay. {@link #lsn()} is the entry the handler was
 * given; the handler's exception is the {@linkplain #getCause() cause}. Entries after it were not
 * delivered.
 */
public final class ReplayAbortedException extends EventLogException {

    private static final long serialVersionUID = 1L;

    private final long lsn;

    /**
     * @param lsn the LSN of the entry the handler failed on
     * @param cause what the handler threw
     */
    public ReplayAbortedException(long lsn, Throwable cause) {
        super("replay stopped at LSN " + lsn + ": the handler threw " + cause, cause);
        this.lsn = lsn;
    }

    /** The LSN of the entry the handler failed on. */
    public long lsn() {
        return lsn;
    }
}
