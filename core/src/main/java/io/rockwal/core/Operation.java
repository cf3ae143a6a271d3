package io.rockwal.core;

import java.util.Objects;

/**
 * What a logged event did. The {@linkplain #wireName() wire names} are those of the original Go log,
 * including its spelling {@code Download}.
 */
public enum Operation {
    /** Data appended. */
    APPEND("APPEND"),
    /** A sync step. */
    SYNC("SYNC"),
    /** State updated (reconciliation always uses this). */
    UPDATE("UPDATE"),
    /** State deleted. */
    DELETE("DELETE"),
    /** Data downloaded from a peer. */
    DOWNLOAD("Download"),
    /** A request sent to a peer. */
    REQUEST("REQUEST"),
    /** A checkpoint removed. */
    DELETE_CHECKPOINT("DELETE_CHECKPOINT"),
    /** A checkpoint taken. */
    CHECKPOINT("CHECKPOINT");

    private final String wireName;

    Operation(String wireName) {
        this.wireName = wireName;
    }

    /** The original's string for this operation, for example {@code Download} for {@link #DOWNLOAD}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The operation with the given original wire name.
     *
     * @throws IllegalArgumentException if no operation has that wire name (the message quotes it)
     */
    public static Operation fromWireName(String wireName) {
        Objects.requireNonNull(wireName, "operation wire name");
        for (Operation operation : values()) {
            if (operation.wireName.equals(wireName)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + wireName + "'");
    }
}
