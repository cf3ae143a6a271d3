package io.rockwal.core;

/** A method was called on a log that was closed (or is closing). Nothing was changed by the call. */
public final class EventLogClosedException extends EventLogException {

    private static final long serialVersionUID = 1L;

    private final String location;

    /** @param location the closed log's directory, or a description of an in-memory log */
    public EventLogClosedException(String location) {
        this(location, null);
    }

    /**
     * @param location the closed log's directory, or a description of an in-memory log
     * @param cause what reported it, or null
     */
    public EventLogClosedException(String location, Throwable cause) {
        super("event log " + location + " is closed", cause);
        this.location = location;
    }

    /** The closed log's directory or description. */
    public String location() {
        return location;
    }
}
