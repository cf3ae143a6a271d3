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
     * the value header of format invariant 5 (version and operation bytes, then the codec id, the
     * timestamp and the entry's ordinal within its type as unsigned LEB128 varints) and the payload.
     * A reader does not see ordinals; the {@code position}-th retained entry of its type is given
     * ordinal {@code position}, which is exact until the type's oldest entries are truncated and may
     * then count one byte short for some entries.
     */
    static long storedBytes(WalEntry entry, long position) {
        return 8 + 2 + varintLength(entry.codecId()) + varintLength(entry.timestampMillis()) + varintLength(position)
                + entry.payloadSize();
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
