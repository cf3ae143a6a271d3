package io.rockwal.rocks.kafka;

import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The record format of {@link KafkaExporter}, and the way back: a consumed record turned into the
 * {@link WalEntry} the node stored, so a central service decodes it with {@code EventFactory.decode}
 * exactly as the node does.
 *
 * <p>One record per entry. Key: the node id in UTF-8 (one node's records stay in one partition, in
 * LSN order). Value: the stored payload bytes, unchanged. Timestamp: the entry's. Headers, each once:
 * <ul>
 *   <li>{@value #LSN} the LSN, 8 bytes big-endian;</li>
 *   <li>{@value #TYPE} the type name, UTF-8;</li>
 *   <li>{@value #OPERATION} the operation's wire name ({@code Download}, {@code UPDATE}...), UTF-8;</li>
 *   <li>{@value #CODEC} the codec id, 4 bytes big-endian;</li>
 *   <li>{@value #TIMESTAMP} when the log wrote the entry, milliseconds since the epoch, 8 bytes big-endian.</li>
 * </ul>
 * A gap the exporter could no longer fill (entries truncated before they were exported) is one record
 * with no value and the headers {@value #GAP_FROM} and {@value #GAP_TO} (the LSNs missing, 8 bytes
 * big-endian each) and {@value #LSN} equal to the last missing one.
 */
public final class KafkaRecords {

    /** Header: the entry's LSN. */
    public static final String LSN = "rockwal.lsn";
    /** Header: the entry's type name. */
    public static final String TYPE = "rockwal.type";
    /** Header: the entry's operation, by wire name. */
    public static final String OPERATION = "rockwal.operation";
    /** Header: the id of the codec that encoded the payload. */
    public static final String CODEC = "rockwal.codec";
    /** Header: when the log wrote the entry. */
    public static final String TIMESTAMP = "rockwal.timestamp";
    /** Header of a gap record: the first LSN missing. */
    public static final String GAP_FROM = "rockwal.gap.from";
    /** Header of a gap record: the last LSN missing. */
    public static final String GAP_TO = "rockwal.gap.to";

    private KafkaRecords() {}

    /** The headers of an entry's record. */
    static Headers headers(WalEntry entry) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LSN, longBytes(entry.lsn()));
        headers.add(TYPE, entry.type().name().getBytes(StandardCharsets.UTF_8));
        headers.add(OPERATION, entry.operation().wireName().getBytes(StandardCharsets.UTF_8));
        headers.add(
                CODEC,
                ByteBuffer.allocate(Integer.BYTES).putInt(entry.codecId()).array());
        headers.add(TIMESTAMP, longBytes(entry.timestampMillis()));
        return headers;
    }

    /** The headers of a gap record for LSNs {@code from..to}. */
    static Headers gapHeaders(long from, long to) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LSN, longBytes(to));
        headers.add(GAP_FROM, longBytes(from));
        headers.add(GAP_TO, longBytes(to));
        return headers;
    }

    /**
     * The entry a record carries.
     *
     * @throws IllegalArgumentException naming the record (topic, partition, offset) and the header if
     *     a header is missing, repeated or malformed, or if the record is a gap record (see {@link #gap})
     */
    public static WalEntry toEntry(ConsumerRecord<byte[], byte[]> record) {
        if (gap(record).isPresent()) {
            throw new IllegalArgumentException(
                    where(record) + " is a gap record (LSNs " + gap(record).get()[0] + " to "
                            + gap(record).get()[1] + " were truncated before export), not an entry");
        }
        long lsn = longHeader(record, LSN);
        WalType type;
        String typeName = textHeader(record, TYPE);
        try {
            type = WalType.of(typeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where(record) + ": header " + TYPE + " is not a type name: " + e.getMessage(), e);
        }
        String wireName = textHeader(record, OPERATION);
        Operation operation = null;
        for (Operation candidate : Operation.values()) {
            if (candidate.wireName().equals(wireName)) {
                operation = candidate;
            }
        }
        if (operation == null) {
            throw new IllegalArgumentException(
                    where(record) + ": header " + OPERATION + " is \"" + wireName + "\", not an operation's wire name");
        }
        byte[] codec = header(record, CODEC);
        if (codec.length != Integer.BYTES) {
            throw new IllegalArgumentException(
                    where(record) + ": header " + CODEC + " has " + codec.length + " bytes, expected 4");
        }
        long timestamp = longHeader(record, TIMESTAMP);
        if (record.value() == null) {
            throw new IllegalArgumentException(where(record) + " (LSN " + lsn + ") has no value");
        }
        return new WalEntry(
                lsn, type, operation, timestamp, ByteBuffer.wrap(codec).getInt(), record.value());
    }

    /** For a gap record, the first and last LSN missing; empty for an entry's record. */
    public static Optional<long[]> gap(ConsumerRecord<byte[], byte[]> record) {
        if (record.headers().lastHeader(GAP_FROM) == null) {
            return Optional.empty();
        }
        return Optional.of(new long[] {longHeader(record, GAP_FROM), longHeader(record, GAP_TO)});
    }

    /** The LSN header of a record (an entry's, or the last missing one of a gap). */
    public static long lsn(ConsumerRecord<byte[], byte[]> record) {
        return longHeader(record, LSN);
    }

    private static long longHeader(ConsumerRecord<byte[], byte[]> record, String name) {
        byte[] value = header(record, name);
        if (value.length != Long.BYTES) {
            throw new IllegalArgumentException(
                    where(record) + ": header " + name + " has " + value.length + " bytes, expected 8");
        }
        return ByteBuffer.wrap(value).getLong();
    }

    private static String textHeader(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(header(record, name), StandardCharsets.UTF_8);
    }

    private static byte[] header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header found = null;
        for (Header header : record.headers().headers(name)) {
            if (found != null) {
                throw new IllegalArgumentException(where(record) + ": header " + name + " appears twice");
            }
            found = header;
        }
        if (found == null || found.value() == null) {
            throw new IllegalArgumentException(where(record) + ": header " + name + " is missing");
        }
        return found.value();
    }

    private static String where(ConsumerRecord<byte[], byte[]> record) {
        return "record " + record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
