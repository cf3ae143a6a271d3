package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

/**
 * Checks an existing store through a read-only RocksDB instance before the primary open (format
 * invariant 8). A primary open rewrites RocksDB's MANIFEST, OPTIONS and write-ahead log, and deletes
 * every table file its MANIFEST does not list; so everything that can refuse a store is decided here,
 * where nothing is written, and a refused store keeps every byte of its data.
 *
 * <p>Besides the format version and the agreement of metadata and data ({@link MetadataStore#check}),
 * it looks for table files the MANIFEST does not list. A crash during a flush or compaction leaves
 * such files legitimately, but their entries are still elsewhere (the write-ahead log, or the
 * compaction's inputs). A table whose newest retained entry is nowhere else in the store means the
 * MANIFEST lost history (a damaged or truncated MANIFEST); opening would delete that table.
 */
final class OpenCheck {

    private OpenCheck() {}

    /**
     * @throws io.rockwal.core.IncompatibleFormatException if the store's format is not this build's
     * @throws EventLogCorruptedException if the store is damaged in a way the primary open would hide
     */
    static void beforePrimaryOpen(Path dir, List<String> columnFamilies) {
        if (!columnFamilies.contains(MetadataCodec.COLUMN_FAMILY)) {
            String table = firstTableFile(dir);
            if (table != null) {
                throw new EventLogCorruptedException(
                        "the MANIFEST lists no " + MetadataCodec.COLUMN_FAMILY
                                + " column family, yet table file " + table + " is in " + dir
                                + "; the MANIFEST may be damaged: restore the store from a backup",
                        null,
                        EventLogCorruptedException.UNKNOWN_LSN,
                        null,
                        null);
            }
            return; // a store whose first open ended before it wrote anything
        }
        try (StoreResources readOnly = StoreResources.openForReading(dir, StoreResources.Mode.READ_ONLY, null)) {
            LsnMetadata state = MetadataStore.check(readOnly);
            checkUnlistedTables(readOnly, state);
        }
    }

    private static void checkUnlistedTables(StoreResources readOnly, LsnMetadata state) {
        Set<String> live = new HashSet<>();
        for (LiveFileMetaData file : readOnly.db().getLiveFilesMetaData()) {
            live.add(Path.of(file.fileName()).getFileName().toString());
        }
        Path dir = readOnly.dir();
        try (DirectoryStream<Path> tables = Files.newDirectoryStream(dir, "*.sst")) {
            for (Path table : tables) {
                if (!live.contains(table.getFileName().toString())) {
                    checkUnlistedTable(readOnly, state, table);
                }
            }
        } catch (IOException e) {
            throw new EventLogIOException("cannot list the store directory " + dir + ": " + e, e, false);
        }
    }

    private static void checkUnlistedTable(StoreResources readOnly, LsnMetadata state, Path table) {
        String name = table.getFileName().toString();
        String columnFamily;
        byte[] newestKey;
        try (Options options = new Options();
                SstFileReader reader = new SstFileReader(options);
                ReadOptions readOptions = new ReadOptions()) {
            reader.open(table.toString());
            columnFamily = new String(reader.getTableProperties().getColumnFamilyName(), StandardCharsets.UTF_8);
            try (SstFileReaderIterator iterator = reader.newIterator(readOptions)) {
                iterator.seekToLast();
                newestKey = iterator.isValid() ? iterator.key() : null;
            }
        } catch (RocksDBException e) {
            // an unfinished table from a crash mid-write: RocksDB deletes it, it held nothing acknowledged
            return;
        }
        TypeColumn column = StoreResources.isTypeName(columnFamily)
                ? readOnly.column(WalType.of(columnFamily)).orElse(null)
                : null;
        boolean knownFamily = column != null
                || columnFamily.equals(MetadataCodec.COLUMN_FAMILY)
                || columnFamily.equals(KeyIndex.COLUMN_FAMILY)
                || readOnly.foreignColumnFamilies().contains(columnFamily)
                || columnFamily.equals(StoreResources.DEFAULT_COLUMN_FAMILY);
        if (!knownFamily) {
            throw unlisted(name, columnFamily, "whose column family the MANIFEST does not list", null, readOnly.dir());
        }
        if (column == null || newestKey == null || newestKey.length != LsnKeys.KEY_LENGTH) {
            return;
        }
        long lsn = LsnKeys.decode(newestKey, columnFamily);
        if (lsn < state.firstRetainedLsn()) {
            return;
        }
        byte[] value;
        try {
            value = readOnly.db().get(column.handle(), newestKey);
        } catch (RocksDBException e) {
            throw readOnly.errors().map(e, "checking table file " + name, columnFamily);
        }
        if (value == null) {
            throw unlisted(
                    name,
                    columnFamily,
                    "holding LSN " + lsn + ", which the rest of the store does not hold",
                    lsn,
                    readOnly.dir());
        }
    }

    private static EventLogCorruptedException unlisted(
            String table, String columnFamily, String what, Long lsn, Path dir) {
        return new EventLogCorruptedException(
                "table file " + table + " in " + dir + " is not in the MANIFEST, " + what
                        + "; the MANIFEST may be damaged, and opening would delete the table: restore the store from a backup",
                columnFamily,
                lsn == null ? EventLogCorruptedException.UNKNOWN_LSN : lsn,
                lsn == null ? null : LsnKeys.encode(lsn),
                null);
    }

    private static String firstTableFile(Path dir) {
        try (DirectoryStream<Path> tables = Files.newDirectoryStream(dir, "*.sst")) {
            for (Path table : tables) {
                return table.getFileName().toString();
            }
            return null;
        } catch (IOException e) {
            throw new EventLogIOException("cannot list the store directory " + dir + ": " + e, e, false);
        }
    }
}
