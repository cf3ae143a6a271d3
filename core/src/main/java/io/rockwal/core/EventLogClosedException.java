package io.rockwal.core;

/** A method was called on a log that was closed (or is closing). Nothing was changed by the call. */
public final class EventLogClosedException extends EventLogException {

    private static final long serialVersionUID = 1L;

    private final String location;

    /** @param location the closed log's directory, or a description of an in-memory log */
    public EventLogClosedException(String location) {
        super("event log " + location + " is closed", null);
        this.location = location;
    }

    /** The closed log's directory or description. */
    public String location() {
        return location;
    }
}
