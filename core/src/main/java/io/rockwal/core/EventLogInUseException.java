package io.rockwal.core;

/**
 * A log could not be opened because another open log (in this process or another) holds its
 * directory. Close the other log first, or read the directory with the read-only tool.
 */
public final class EventLogInUseException extends EventLogIOException {

    private static final long serialVersionUID = 1L;

    private final String location;

    /**
     * @param location the directory that is in use
     * @param cause the underlying failure, may be null
     */
    public EventLogInUseException(String location, Throwable cause) {
        super("event log " + location + " is in use: another open log holds it; close that one first", cause, true);
        this.location = location;
    }

    /** The directory that is in use. */
    public String location() {
        return location;
    }
}
