package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalType;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.Range;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;

/**
 * What a store holds, as {@link RocksEventLogReader#statistics()} answers it: from counts (two seeks
 * per type, format invariant 5), seeks for each type's first and last LSN, RocksDB's size estimates and
 * a listing of the directory. Nothing is replayed, so the cost does not grow with the number of entries.
 *
 * @param formatVersion the store format version on disk
 * @param lsns the LSN state the reader sees
 * @param checkpoints the checkpoint LSNs, oldest first
 * @param types one row per type column family, in {@link RocksEventLogReader#types()} order
 * @param disk the store directory's files
 * @param foreignColumnFamilies column families that are neither entry types nor the store's own
 * @param rocksdb RocksDB's properties as the reader's instance sees them: the table-file figures (live
 *     data, SST bytes, level-0 files, pending compaction) describe the store; the memory figures
 *     (memtables, block cache, table readers) are the reader's own instance's, not the writer's
 */
public record StoreStatistics(
        int formatVersion,
        LsnMetadata lsns,
        List<Long> checkpoints,
        List<TypeStatistics> types,
        DiskUsage disk,
        List<String> foreignColumnFamilies,
        LogMetrics.RocksDbFigures rocksdb) {

    /** Copies the lists. */
    public StoreStatistics {
        checkpoints = List.copyOf(checkpoints);
        types = List.copyOf(types);
        foreignColumnFamilies = List.copyOf(foreignColumnFamilies);
        java.util.Objects.requireNonNull(rocksdb, "rocksdb");
    }

    /**
     * One type's entries.
     *
     * @param type the type
     * @param entries how many retained entries it holds (exact)
     * @param firstLsn its lowest retained LSN, 0 when it has none
     * @param lastLsn its highest LSN, 0 when it has none
     * @param approximateBytes RocksDB's estimate of the space its retained entries take: the table files'
     *     (compressed) bytes in its LSN range plus its memtables'; approximate by nature, and 0 for small
     *     amounts RocksDB rounds away
     * @param damage why a count or seek stopped on damaged data, or null when the type read cleanly
     */
    public record TypeStatistics(
            WalType type, long entries, long firstLsn, long lastLsn, long approximateBytes, String damage) {}

    /**
     * The files of a store directory by kind: RocksDB tables ({@code *.sst}), RocksDB write-ahead logs
     * ({@code *.log}), and everything else (MANIFEST, OPTIONS, info logs, the lock file).
     */
    public record DiskUsage(
            long bytes,
            long files,
            long sstBytes,
            long sstFiles,
            long walBytes,
            long walFiles,
            long otherBytes,
            long otherFiles) {

        /**
         * Lists {@code dir} and its subdirectories. A live writer creates and deletes files as it
         * flushes and compacts; a file or directory gone between its listing and its size counts as
         * absent.
         */
        static DiskUsage of(Path dir) {
            long[] sizes = new long[6];
            try {
                add(dir, sizes);
            } catch (IOException e) {
                throw new EventLogIOException("cannot list the store directory " + dir + ": " + e, e, false);
            }
            return new DiskUsage(
                    sizes[0] + sizes[2] + sizes[4],
                    sizes[1] + sizes[3] + sizes[5],
                    sizes[0],
                    sizes[1],
                    sizes[2],
                    sizes[3],
                    sizes[4],
                    sizes[5]);
        }

        private static void add(Path dir, long[] sizes) throws IOException {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    BasicFileAttributes attributes;
                    try {
                        attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    if (attributes.isDirectory()) {
                        try {
                            add(entry, sizes);
                        } catch (NoSuchFileException gone) {
                            // deleted while listed
                        }
                    } else if (attributes.isRegularFile()) {
                        String name = entry.getFileName().toString();
                        int kind = name.endsWith(".sst") ? 0 : name.endsWith(".log") ? 2 : 4;
                        sizes[kind] += attributes.size();
                        sizes[kind + 1]++;
                    }
                }
            } catch (DirectoryIteratorException e) {
                throw e.getCause();
            }
        }
    }

    /** Whether some type's count or seek stopped on damage. */
    public boolean damaged() {
        return types.stream().anyMatch(type -> type.damage() != null);
    }

    static StoreStatistics of(StoreResources resources, LogReader reader, StoredMetadata visible) {
        LsnMetadata lsns = visible.lsns();
        List<TypeStatistics> rows = new ArrayList<>();
        try (ReadView view = ReadView.stored(lsns.firstRetainedLsn(), lsns.lastFlushedLsn())) {
            for (TypeColumn column : resources.typeColumns()) {
                rows.add(typeStatistics(resources, reader, view, column));
            }
        }
        return new StoreStatistics(
                visible.formatVersion(),
                lsns,
                visible.checkpoints(),
                rows,
                DiskUsage.of(resources.dir()),
                resources.foreignColumnFamilies(),
                LogMetrics.RocksDbFigures.of(resources));
    }

    private static TypeStatistics typeStatistics(
            StoreResources resources, LogReader reader, ReadView view, TypeColumn column) {
        WalType type = column.type();
        long[] ends = {0, 0};
        try {
            long entries = reader.count(type);
            RetainedRange.withIterator(resources, view, column, null, iterator -> {
                iterator.seekToFirst();
                if (iterator.isValid()) {
                    ends[0] = LsnKeys.decode(iterator.key(), type.name());
                    iterator.seekToLast();
                    if (iterator.isValid()) { // invalid if the last block is damaged: the status says so below
                        ends[1] = LsnKeys.decode(iterator.key(), type.name());
                    }
                }
                return RetainedRange.checkExhausted(resources, iterator, column, null);
            });
            return new TypeStatistics(type, entries, ends[0], ends[1], approximateBytes(resources, view, column), null);
        } catch (EventLogCorruptedException | IncompatibleFormatException e) {
            return new TypeStatistics(type, 0, ends[0], ends[1], 0, e.getMessage());
        }
    }

    private static long approximateBytes(StoreResources resources, ReadView view, TypeColumn column) {
        if (view.storedEmpty()) {
            return 0;
        }
        try (Slice from = new Slice(LsnKeys.encode(view.firstRetainedLsn()));
                Slice before = new Slice(LsnKeys.encode(view.lastFlushedLsn() + 1))) {
            return resources.db()
                    .getApproximateSizes(
                            column.handle(),
                            List.of(new Range(from, before)),
                            SizeApproximationFlag.INCLUDE_FILES,
                            SizeApproximationFlag.INCLUDE_MEMTABLES)[0];
        }
    }
}
