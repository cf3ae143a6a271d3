package io.rockwal.core;

/**
 * An event could not be encoded, or a payload could not be decoded into an event: garbage or
 * truncated bytes, an unknown codec id, a codec registered for another type, a limit exceeded.
 * The stored entry itself is untouched and still readable as raw bytes.
 */
public final class EventCodecException extends EventLogException {

    private static final long serialVersionUID = 1L;

    /** Value of {@link #lsn()} for an event that has no LSN yet (encoding). */
    public static final long NO_LSN = 0;

    private final WalType type;
    private final long lsn;
    private final int codecId;

    /**
     * @param problem what went wrong
     * @param type the entry or event type
     * @param lsn the entry's LSN, or {@link #NO_LSN} when encoding
     * @param codecId the codec involved, or 0 when none was found
     * @param cause the underlying failure, may be null
     */
    public EventCodecException(String problem, WalType type, long lsn, int codecId, Throwable cause) {
        super(describe(problem, type, lsn, codecId), cause);
        this.type = type;
        this.lsn = lsn;
        this.codecId = codecId;
    }

    /** The type of the entry or event. */
    public WalType type() {
        return type;
    }

    /** The entry's LSN, or {@link #NO_LSN} when the failure happened while encoding. */
    public long lsn() {
        return lsn;
    }

    /** The codec id involved, or 0 when no codec was found. */
    public int codecId() {
        return codecId;
    }

    private static String describe(String problem, WalType type, long lsn, int codecId) {
        StringBuilder message = new StringBuilder(problem).append(" (type ").append(type);
        if (lsn != NO_LSN) {
            message.append(", LSN ").append(lsn);
        }
        if (codecId != 0) {
            message.append(", codec ").append(codecId);
        }
        return message.append(')').toString();
    }
}
