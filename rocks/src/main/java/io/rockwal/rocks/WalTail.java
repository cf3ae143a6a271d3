package io.rockwal.rocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Tells a torn tail of RocksDB's write-ahead log from damage in its middle, for the open to decide
 * which it may recover from.
 *
 * <p>A power cut can leave the batch whose {@code fdatasync} never returned partly written or ending
 * in garbage. RocksDB's {@code TolerateCorruptedTailRecords} accepts such a batch only when it is cut
 * short; when the kept part ends in a fragment that is complete by its length but fails its checksum
 * (a batch crossing one of the log's 32 KiB blocks, torn there), RocksDB refuses the open, for good.
 * That damage is harmless: no batch after it was ever written, so no acknowledged batch is lost by
 * recovering to the record before it. Damage with a whole record after it is different: the records
 * after it were written later, may have been fsynced and acknowledged, and recovering to the damage
 * would drop them without a word.
 *
 * <p>The log format, as RocksDB writes it without recycled logs: each file is a sequence of 32 KiB
 * blocks; a block holds physical records and, when fewer than 7 bytes remain, a zero trailer. A
 * record has a 7-byte header (masked CRC-32C of the type byte and the payload, 4 bytes little-endian;
 * payload length, 2 bytes little-endian; type) or, for the recyclable types, an 11-byte one (the log
 * number after the type, covered by the checksum). A batch is one FULL record or a FIRST, MIDDLE...,
 * LAST chain of fragments; the payload of a FULL or FIRST record starts with the batch's sequence
 * number (8 bytes little-endian). Type 0 with length 0 is preallocated space.
 */
final class WalTail {

    static final int BLOCK_SIZE = 32 * 1024;
    private static final int HEADER_SIZE = 7;
    private static final int RECYCLABLE_HEADER_SIZE = 11;
    private static final int FULL = 1;
    private static final int FIRST = 2;
    private static final int LAST = 4;
    private static final int RECYCLABLE_FULL = 5;
    private static final int RECYCLABLE_FIRST = 6;
    private static final int RECYCLABLE_LAST = 8;
    private static final int MASK_DELTA = 0xa282ead8;

    /**
     * The first damaged record of the live write-ahead logs.
     *
     * @param file the log file
     * @param offset byte offset of the damaged record's header in it
     * @param problem what is wrong with it
     * @param followedBy where the first whole record that starts a batch after it lies, or null when
     *     nothing whole follows (a torn tail)
     */
    record Damage(Path file, long offset, String problem, Place followedBy) {

        boolean isTornTail() {
            return followedBy == null;
        }

        String describe() {
            String damage = "write-ahead log " + file.getFileName() + " is damaged at byte offset " + offset + " ("
                    + problem + ")";
            return isTornTail()
                    ? damage + ", and nothing whole follows it: the batch whose sync a crash or power "
                            + "cut interrupted"
                    : damage + ", and a whole batch follows it (" + followedBy
                            + "): batches written after the damage, possibly acknowledged, would be lost by recovering past it";
        }
    }

    /** A whole record that starts a batch. */
    record Place(Path file, long offset, long sequence) {
        @Override
        public String toString() {
            return file.getFileName() + " offset " + offset + ", RocksDB sequence number " + sequence;
        }
    }

    private WalTail() {}

    /** The first damaged record of the write-ahead logs in a store directory, or null if every record is whole. */
    static Damage firstDamage(Path dir) throws IOException {
        List<Path> logs = logFiles(dir);
        for (int i = 0; i < logs.size(); i++) {
            byte[] bytes = Files.readAllBytes(logs.get(i));
            Found damage = scan(bytes, 0, true);
            if (damage == null) {
                continue;
            }
            Place after = null;
            Found next = scan(bytes, damage.resume, false);
            if (next != null) {
                after = new Place(logs.get(i), next.offset, next.sequence);
            }
            for (int j = i + 1; after == null && j < logs.size(); j++) {
                Found later = scan(Files.readAllBytes(logs.get(j)), 0, false);
                if (later != null) {
                    after = new Place(logs.get(j), later.offset, later.sequence);
                }
            }
            return new Damage(logs.get(i), damage.offset, damage.problem, after);
        }
        return null;
    }

    /**
     * The first damaged record of a MANIFEST (written in the same record format), or null if every
     * record is whole.
     *
     * @param file the MANIFEST
     * @param offset byte offset of the damaged physical record's header
     * @param cut where the version edit holding the damage starts: its FIRST fragment when the damage
     *     is a later fragment of it, else the damaged record itself; cutting the file here leaves only
     *     whole edits
     * @param problem what is wrong with the record
     * @param followed whether a whole record follows the damage (then it is not a torn tail)
     */
    record ManifestDamage(Path file, long offset, long cut, String problem, boolean followed) {

        boolean isTornTail() {
            return !followed;
        }

        String describe() {
            return file.getFileName() + " is damaged at byte offset " + offset + " (" + problem + ")"
                    + (followed
                            ? ", and whole records follow it"
                            : ", and nothing whole follows it: a version edit"
                                    + " whose sync a crash or power cut interrupted");
        }
    }

    /** Where a MANIFEST is first damaged, or null if every record is whole. */
    static ManifestDamage manifestDamage(Path manifest) throws IOException {
        byte[] bytes = Files.readAllBytes(manifest);
        Found damage = scan(bytes, 0, true);
        if (damage == null) {
            return null;
        }
        boolean followed = scan(bytes, damage.resume, false) != null;
        return new ManifestDamage(manifest, damage.offset, damage.sequence, damage.problem, followed);
    }

    /** The store's write-ahead log files ({@code NNNNNN.log}), oldest first. */
    static List<Path> logFiles(Path dir) throws IOException {
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.log")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.length() > 4
                        && name.substring(0, name.length() - 4).chars().allMatch(Character::isDigit)) {
                    logs.add(file);
                }
            }
        }
        logs.sort(Comparator.comparingLong(file -> {
            String name = file.getFileName().toString();
            return Long.parseLong(name.substring(0, name.length() - 4));
        }));
        return logs;
    }

    /**
     * What a scan found: a damaged record (when looking for damage; {@code sequence} then holds where
     * the logical record holding it starts) or a whole FULL or FIRST record (when looking for what
     * follows), and where the scan would go on.
     */
    private record Found(long offset, String problem, long sequence, int resume) {}

    /**
     * Walks the records from {@code start}. Looking for damage, returns the first damaged record;
     * otherwise returns the first whole record that starts a batch, skipping damaged ones (after a
     * damaged record, to the next record its length points to and every later block's start).
     */
    private static Found scan(byte[] log, int start, boolean forDamage) {
        int at = start;
        int fragmentsFrom = -1; // the FIRST fragment of a logical record not yet ended by its LAST
        while (at < log.length) {
            int inBlock = BLOCK_SIZE - at % BLOCK_SIZE;
            int blockEnd = Math.min(log.length, at + inBlock);
            if (inBlock < HEADER_SIZE) {
                at += inBlock; // the block's zero trailer
                continue;
            }
            if (blockEnd - at < HEADER_SIZE) {
                if (forDamage) {
                    return new Found(
                            at,
                            "a record header cut short by the end of the file",
                            fragmentsFrom >= 0 ? fragmentsFrom : at,
                            log.length);
                }
                return null;
            }
            ByteBuffer header = ByteBuffer.wrap(log, at, HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            int storedCrc = header.getInt();
            int length = header.getShort() & 0xffff;
            int type = header.get() & 0xff;
            if (type == 0 && length == 0) {
                at = nextBlock(at); // preallocated, never written
                continue;
            }
            int headerSize = isRecyclable(type) ? RECYCLABLE_HEADER_SIZE : HEADER_SIZE;
            String problem = null;
            int end = at + headerSize + length;
            if (at + headerSize + (long) length > at + (long) inBlock) {
                problem = "record length " + length + " runs past its 32 KiB block";
            } else if (end > log.length) {
                problem = "a record of " + length + " bytes cut short by the end of the file";
            } else if (maskedCrc(log, at + HEADER_SIZE - 1, end) != storedCrc) {
                problem = "checksum mismatch in a record of type " + type + " and " + length + " bytes";
            }
            if (problem == null) {
                boolean startsBatch =
                        type == FULL || type == FIRST || type == RECYCLABLE_FULL || type == RECYCLABLE_FIRST;
                if (!forDamage && startsBatch && length >= Long.BYTES) {
                    long sequence = ByteBuffer.wrap(log, at + headerSize, Long.BYTES)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getLong();
                    return new Found(at, null, sequence, end);
                }
                if (type == FIRST || type == RECYCLABLE_FIRST) {
                    fragmentsFrom = at;
                } else if (type == FULL || type == RECYCLABLE_FULL || type == LAST || type == RECYCLABLE_LAST) {
                    fragmentsFrom = -1;
                }
                at = end;
                continue;
            }
            int resume = end <= blockEnd && problem.startsWith("checksum") ? end : nextBlock(at);
            if (forDamage) {
                return new Found(at, problem, fragmentsFrom >= 0 ? fragmentsFrom : at, resume);
            }
            at = resume;
        }
        return null;
    }

    private static int nextBlock(int at) {
        return (at / BLOCK_SIZE + 1) * BLOCK_SIZE;
    }

    private static boolean isRecyclable(int type) {
        return (type >= 5 && type <= 8) || type == 11 || type == 131;
    }

    /** RocksDB's masked CRC-32C over {@code log[from, to)} (the type byte, any log number, the payload). */
    static int maskedCrc(byte[] log, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(log, from, to - from);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }
}
