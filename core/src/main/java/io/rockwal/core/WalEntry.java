package io.rockwal.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One stored entry: its LSN, type, operation, the time it was written, the id of the codec that
 * encoded it, and the encoded payload.
 *
 * <p>Immutable: the payload is copied in and {@link #payload()} returns a copy. Two entries are equal
 * when every field, payload bytes included, is equal.
 */
public final class WalEntry {

    private final long lsn;
    private final WalType type;
    private final Operation operation;
    private final long timestampMillis;
    private final int codecId;
    private final byte[] payload;

    /**
     * Creates an entry.
     *
     * @param lsn the entry's LSN, at least 1
     * @param type the entry type
     * @param operation what the event did
     * @param timestampMillis when the entry was written, in milliseconds since the epoch
     * @param codecId the {@link EventCodec#id()} that encoded the payload, 1 to {@value EventCodec#MAX_ID}
     * @param payload the encoded event; copied
     * @throws IllegalArgumentException if the LSN or codec id is out of range; the message gives the value
     * @throws NullPointerException if {@code type}, {@code operation} or {@code payload} is null; the
     *     message names it
     */
    public WalEntry(long lsn, WalType type, Operation operation, long timestampMillis, int codecId, byte[] payload) {
        this(
                lsn,
                type,
                operation,
                timestampMillis,
                codecId,
                payload,
                0,
                Objects.requireNonNull(payload, "payload").length);
    }

    /**
     * Creates an entry whose payload is {@code length} bytes of {@code source} from {@code offset};
     * those bytes are copied. Otherwise as {@link #WalEntry(long, WalType, Operation, long, int, byte[])}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code source}
     * @throws NullPointerException if {@code source} is null (the message says {@code payload})
     */
    public WalEntry(
            long lsn,
            WalType type,
            Operation operation,
            long timestampMillis,
            int codecId,
            byte[] source,
            int offset,
            int length) {
        if (lsn < 1) {
            throw new IllegalArgumentException("LSN must be at least 1, was " + lsn);
        }
        if (codecId < 1 || codecId > EventCodec.MAX_ID) {
            throw new IllegalArgumentException("codec id must be 1 to " + EventCodec.MAX_ID + ", was " + codecId);
        }
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(source, "payload").length);
        this.lsn = lsn;
        this.type = Objects.requireNonNull(type, "type");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.timestampMillis = timestampMillis;
        this.codecId = codecId;
        this.payload = Arrays.copyOfRange(source, offset, offset + length);
    }

    /** The log sequence number, unique across all types. */
    public long lsn() {
        return lsn;
    }

    /** The entry type. */
    public WalType type() {
        return type;
    }

    /** What the logged event did. */
    public Operation operation() {
        return operation;
    }

    /** When the entry was written, in milliseconds since the epoch (the log's clock, not the event's). */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** The id of the codec that encoded the payload; see {@link EventCatalog#decode(WalEntry)}. */
    public int codecId() {
        return codecId;
    }

    /** A copy of the encoded payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The encoded payload as a read-only buffer, without copying. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** The payload's length in bytes. */
    public int payloadSize() {
        return payload.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WalEntry that
                && lsn == that.lsn
                && timestampMillis == that.timestampMillis
                && codecId == that.codecId
                && type.equals(that.type)
                && operation == that.operation
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lsn, type, operation, timestampMillis, codecId, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "WalEntry{lsn=" + lsn + ", type=" + type + ", operation=" + operation
                + ", timestampMillis=" + timestampMillis + ", codecId=" + codecId
                + ", payloadSize=" + payload.length + "}";
    }
}
