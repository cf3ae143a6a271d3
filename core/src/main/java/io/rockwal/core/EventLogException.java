package io.rockwal.core;

/**
 * Base of every failure an {@link EventLog} reports. Unchecked; each subclass is named for what
 * happened and carries the facts an operator needs (directory, type, LSN).
 */
public abstract class EventLogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected EventLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
