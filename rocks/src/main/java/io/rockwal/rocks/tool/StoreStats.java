package io.rockwal.rocks.tool;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code rockwal stats} reports, gathered from an open reader: the metadata, one walk over every
 * type (the store keeps no counters), and the sizes of the directory's files.
 *
 * @param metadata the LSN state after catching up
 * @param checkpoints the checkpoint LSNs, oldest first
 * @param types one row per type column family
 * @param disk the store directory's files
 */
record StoreStats(LsnMetadata metadata, List<Long> checkpoints, List<TypeStats> types, DiskUsage disk) {

    /** Format invariant 5: compact timestamps count ms from 2020-01-01T00:00Z over 2^40 ms. */
    private static final long COMPACT_EPOCH_MILLIS = 1_577_836_800_000L;
    private static final long COMPACT_RANGE_MILLIS = 1L << 40;
    /** Format invariant 5: every 64th entry of a type stores its ordinal. */
    private static final int ANCHOR_INTERVAL = 64;


    /**
     * One type's entries.
     *
     * @param type the type
     * @param entries how many retained entries it holds
     * @param bytes their stored size, keys and values ({@link #storedBytes(WalEntry, long)})
     * @param payloadBytes the payloads alone
     * @param firstLsn its lowest retained LSN, 0 when it has none
     * @param lastLsn its highest LSN, 0 when it has none
     * @param error why the walk stopped early, or null
     */
    record TypeStats(WalType type, long entries, long bytes, long payloadBytes, long firstLsn, long lastLsn,
            String error) {
    }

    /**
     * The files of a store directory by kind: RocksDB tables ({@code *.sst}), RocksDB write-ahead logs
     * ({@code *.log}), and everything else (MANIFEST, OPTIONS, info logs, the lock file).
     */
    record DiskUsage(long bytes, long files, long sstBytes, long sstFiles, long walBytes, long walFiles,
            long otherBytes, long otherFiles) {

        static DiskUsage of(Path dir) {
            long[] sizes = new long[6];
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.filter(Files::isRegularFile).forEach(file -> {
                    long size = sizeOf(file);
                    String name = file.getFileName().toString();
                    int kind = name.endsWith(".sst") ? 0 : name.endsWith(".log") ? 2 : 4;
                    sizes[kind] += size;
                    sizes[kind + 1]++;
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            return new DiskUsage(sizes[0] + sizes[2] + sizes[4], sizes[1] + sizes[3] + sizes[5],
                    sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5]);
        }

        /** A file's size; 0 for one RocksDB deleted while it was listed (a writer compacts as it likes). */
        private static long sizeOf(Path file) {
            try {
                return Files.size(file);
            } catch (NoSuchFileException e) {
                return 0;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + file, e);
            }
        }
    }

    /** Walks every type of the store; a type whose walk fails gets its error and the counts so far. */
    static StoreStats gather(RocksEventLogReader reader, Progress progress) {
        LsnMetadata metadata = reader.metadata();
        long expected = metadata.isEmpty() ? 0 : metadata.retainedCount();
        long[] seen = new long[1];
        List<TypeStats> types = new ArrayList<>();
        for (WalType type : reader.types()) {
            long[] counts = new long[5];
            String error = null;
            try {
                reader.replay(type, 1, entry -> {
                    if (counts[0] == 0) {
                        counts[3] = entry.lsn();
                    }
                    counts[0]++;
                    counts[1] += storedBytes(entry, counts[0]);
                    counts[2] += entry.payloadSize();
                    counts[4] = entry.lsn();
                    progress.update(++seen[0], expected);
                });
            } catch (EventLogCorruptedException | IncompatibleFormatException e) {
                error = e.getMessage();
            }
            types.add(new TypeStats(type, counts[0], counts[1], counts[2], counts[3], counts[4], error));
        }
        progress.clear();
        return new StoreStats(metadata, reader.checkpoints(), types, DiskUsage.of(reader.directory()));
    }

    /**
     * The bytes an entry takes in RocksDB before compression: its 8-byte key and its value, that is
     * the value header of format invariant 5 (the flags byte, the codec id as an unsigned LEB128 varint,
     * a 5-byte compact or 8-byte wide timestamp, and on every 64th entry of a type its ordinal as a
     * varint) and the payload. A reader does not see ordinals; the {@code position}-th retained entry
     * of its type is taken as ordinal {@code position}, so after a truncation the anchors counted may
     * sit on other entries than the stored ones: the total is off by at most a few bytes per type.
     */
    static long storedBytes(WalEntry entry, long position) {
        long compact = entry.timestampMillis() - COMPACT_EPOCH_MILLIS;
        int timestampBytes = compact >= 0 && compact < COMPACT_RANGE_MILLIS ? 5 : 8;
        int ordinalBytes = position % ANCHOR_INTERVAL == 0 ? varintLength(position) : 0;
        return 8 + 1 + varintLength(entry.codecId()) + timestampBytes + ordinalBytes + entry.payloadSize();
    }

    private static int varintLength(long value) {
        int length = 1;
        while ((value & ~0x7fL) != 0) {
            value >>>= 7;
            length++;
        }
        return length;
    }

    /** Whether the walk of some type failed. */
    boolean damaged() {
        return types.stream().anyMatch(type -> type.error() != null);
    }
}
