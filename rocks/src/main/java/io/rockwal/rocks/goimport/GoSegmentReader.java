package io.rockwal.rocks.goimport;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads the records of a Go log's segments (tidwall/wal's binary format): each segment is a plain
 * concatenation of records, an unsigned LEB128 length and that many bytes, with no header, checksum
 * or index; a record's LSN is its segment's first LSN plus its position. Files are opened for reading
 * only.
 *
 * <p>{@link #scan} walks the frames without reading their bodies and finds every framing problem
 * before anything is decoded or written: a zero-length record, a length beyond any entry, a segment
 * that ends inside a record (only the last segment may: that is the torn tail a crash leaves), and
 * segments whose LSNs overlap or leave a gap.
 */
final class GoSegmentReader implements AutoCloseable {

    /** Ten bytes hold any 64-bit varint. */
    private static final int MAX_VARINT_BYTES = 10;

    private static final int BUFFER_BYTES = 1 << 16;

    /** One whole record. */
    record Frame(long lsn, Path segment, long offset, byte[] bytes) {}

    /**
     * The last record of the last segment, cut short: what a crash in the middle of its write leaves.
     *
     * @param bytesPresent the bytes from the frame's start (its length prefix) to the end of the file
     * @param declaredLength the record length its prefix declares, or -1 if the prefix itself is cut
     */
    record TornTail(Path segment, long offset, long bytesPresent, long declaredLength, long lsn) {}

    /** The log's LSN range as its frames say: whole records {@code firstLsn..lastLsn}, and a torn tail. */
    record Layout(long firstLsn, long lastLsn, long records, long bytes, TornTail torn) {

        boolean empty() {
            return records == 0;
        }
    }

    private final List<GoLogDirectory.Segment> segments;
    private final long lastLsn;
    private final int maxRecordBytes;
    private int segmentIndex = -1;
    private Counted in;
    private long nextLsn;

    GoSegmentReader(GoLogDirectory dir, Layout layout, int maxRecordBytes) {
        this.segments = dir.segments();
        this.lastLsn = layout.lastLsn();
        this.maxRecordBytes = maxRecordBytes;
        this.nextLsn = layout.firstLsn();
    }

    /**
     * Walks every frame of every segment without reading the records.
     *
     * @throws GoWalException for damage before the tail, naming the segment, the frame's offset and LSN
     */
    static Layout scan(GoLogDirectory dir, int maxRecordBytes) {
        List<GoLogDirectory.Segment> segments = dir.segments();
        long first = segments.get(0).firstLsn();
        long next = first;
        long records = 0;
        TornTail torn = null;
        for (int i = 0; i < segments.size(); i++) {
            GoLogDirectory.Segment segment = segments.get(i);
            if (segment.firstLsn() != next) {
                GoLogDirectory.Segment previous = segments.get(i - 1);
                throw new GoWalException(
                        segment.firstLsn() > next
                                ? "LSNs " + next + " to " + (segment.firstLsn() - 1) + " are missing: "
                                        + previous.file().getFileName() + " ends at LSN " + (next - 1)
                                        + " and this segment starts at " + segment.firstLsn()
                                : "segments overlap: " + previous.file().getFileName() + " holds LSNs up to "
                                        + (next - 1) + " and this segment starts at " + segment.firstLsn(),
                        segment.file(),
                        -1,
                        segment.firstLsn());
            }
            boolean last = i == segments.size() - 1;
            try (Counted in = Counted.open(segment.file())) {
                while (true) {
                    long offset = in.position();
                    long length = readLength(in, segment, offset, next, maxRecordBytes);
                    if (length < 0) {
                        if (length == END) {
                            break;
                        }
                        torn = tornOrFail(last, segment, offset, in.position() - offset, -1, next);
                        break;
                    }
                    long left = segment.bytes() - in.position();
                    if (length > left) {
                        torn = tornOrFail(last, segment, offset, in.position() - offset + left, length, next);
                        break;
                    }
                    in.skip(length);
                    next++;
                    records++;
                }
            } catch (IOException e) {
                throw new GoWalException("cannot read the segment: " + e, segment.file(), -1, next, e);
            }
            if (torn != null) {
                break;
            }
        }
        return new Layout(first, next - 1, records, dir.segmentBytes(), torn);
    }

    private static TornTail tornOrFail(
            boolean last, GoLogDirectory.Segment segment, long offset, long present, long declared, long lsn) {
        if (!last) {
            throw new GoWalException(
                    "the segment ends inside a record (" + present + " bytes of "
                            + (declared < 0 ? "a cut length prefix" : "a frame declaring " + declared + " bytes")
                            + ") and a later segment follows: damage, not a torn tail",
                    segment.file(),
                    offset,
                    lsn);
        }
        return new TornTail(segment.file(), offset, present, declared, lsn);
    }

    private static final long END = -1;
    private static final long CUT = -2;

    /** The record length at the stream's position; END at the end of the file, CUT inside the prefix. */
    private static long readLength(
            Counted in, GoLogDirectory.Segment segment, long offset, long lsn, int maxRecordBytes) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                return i == 0 ? END : CUT;
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (value == 0) {
                    throw new GoWalException("a zero-length record: no entry is empty", segment.file(), offset, lsn);
                }
                if (value < 0 || value > maxRecordBytes) {
                    throw new GoWalException(
                            "the record's length prefix says " + Long.toUnsignedString(value)
                                    + " bytes, more than any entry takes (" + maxRecordBytes + ")",
                            segment.file(),
                            offset,
                            lsn);
                }
                return value;
            }
        }
        throw new GoWalException("the record's length prefix runs past 10 bytes", segment.file(), offset, lsn);
    }

    /** The next whole record, or null after the last one (a torn tail is never returned). */
    Frame next() {
        if (nextLsn > lastLsn) {
            return null;
        }
        try {
            while (in == null || in.position() >= segments.get(segmentIndex).bytes()) {
                if (in != null) {
                    in.close();
                }
                in = Counted.open(segments.get(++segmentIndex).file());
            }
            GoLogDirectory.Segment segment = segments.get(segmentIndex);
            long offset = in.position();
            int length = (int) readLength(in, segment, offset, nextLsn, maxRecordBytes);
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return new Frame(nextLsn++, segment.file(), offset, bytes);
        } catch (IOException e) {
            Path file = segmentIndex >= 0 ? segments.get(segmentIndex).file() : null;
            throw new GoWalException(
                    "cannot read the segment (did it change during the import?): " + e, file, -1, nextLsn, e);
        }
    }

    @Override
    public void close() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // read-only: nothing is lost
            }
        }
    }

    /** A buffered stream that knows its position. */
    private static final class Counted implements AutoCloseable {
        private final InputStream in;
        private long position;

        private Counted(InputStream in) {
            this.in = in;
        }

        static Counted open(Path file) throws IOException {
            return new Counted(
                    new BufferedInputStream(Files.newInputStream(file, StandardOpenOption.READ), BUFFER_BYTES));
        }

        int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        void readFully(byte[] bytes) throws IOException {
            int n = in.readNBytes(bytes, 0, bytes.length);
            position += n;
            if (n < bytes.length) {
                throw new EOFException("the file ended " + (bytes.length - n) + " bytes before the record's end");
            }
        }

        void skip(long n) throws IOException {
            in.skipNBytes(n);
            position += n;
        }

        long position() {
            return position;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
