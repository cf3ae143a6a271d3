package io.rockwal.rocks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.TableProperties;

/**
 * Byte-level damage to the files of a store directory, and fingerprints of a directory to show that a
 * refused open changed nothing. Works on closed stores only.
 */
final class CorruptionFiles {

    /** Bytes at the end of every block-based table file (format version 1 and later). */
    static final int SST_FOOTER_BYTES = 53;

    /** Bytes after every block: compression type and checksum. */
    private static final int BLOCK_TRAILER_BYTES = 5;

    private CorruptionFiles() {}

    /** Inverts every bit of the byte at {@code offset}. */
    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            if (offset < 0 || offset >= raf.length()) {
                throw new IllegalArgumentException(
                        "offset " + offset + " outside " + file + " of " + raf.length() + " bytes");
            }
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(~b & 0xff);
        }
    }

    /** Cuts the file to {@code length} bytes. */
    static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    /** Files in the directory whose name matches, in name order (RocksDB numbers files in creation order). */
    static List<Path> files(Path dir, String prefix, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith(suffix);
                    })
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .toList();
        }
    }

    /** The newest non-empty RocksDB write-ahead log file. */
    static Path newestWal(Path dir) throws IOException {
        List<Path> logs = files(dir, "", ".log").stream()
                .filter(file -> file.toFile().length() > 0)
                .toList();
        if (logs.isEmpty()) {
            throw new IllegalStateException("no non-empty write-ahead log in " + dir);
        }
        return logs.get(logs.size() - 1);
    }

    /** Where the blocks of one table file lie, from its properties. */
    record SstLayout(
            Path file,
            String columnFamily,
            long size,
            long dataBytes,
            long filterOffset,
            long filterBytes,
            long indexOffset,
            long indexBytes) {

        long middleOfData() {
            return dataBytes / 2;
        }

        long middleOfFilter() {
            return filterOffset + filterBytes / 2;
        }

        long middleOfIndex() {
            return indexOffset + indexBytes / 2;
        }

        /** A byte of the footer's magic number, the last 8 bytes of the file. */
        long footerMagic() {
            return size - 4;
        }
    }

    /**
     * The layout of the table file of {@code columnFamily} (the largest, if it has several). RocksDB
     * writes data blocks from offset 0, then the filter block, then the index block, each followed by
     * a 5-byte trailer; then properties, the meta-index and the footer.
     */
    static SstLayout sstOf(Path dir, String columnFamily) throws IOException, RocksDBException {
        SstLayout largest = null;
        List<String> seen = new java.util.ArrayList<>();
        for (Path file : files(dir, "", ".sst")) {
            try (Options options = new Options();
                    SstFileReader reader = new SstFileReader(options)) {
                reader.open(file.toString());
                TableProperties properties = reader.getTableProperties();
                String name = new String(properties.getColumnFamilyName(), java.nio.charset.StandardCharsets.UTF_8);
                seen.add(file.getFileName() + "=" + name);
                if (!name.equals(columnFamily)) {
                    continue;
                }
                long data = properties.getDataSize();
                long filter = properties.getFilterSize();
                long filterOffset = data;
                long indexOffset = filter == 0 ? data : data + filter + BLOCK_TRAILER_BYTES;
                SstLayout layout = new SstLayout(
                        file,
                        columnFamily,
                        Files.size(file),
                        data,
                        filterOffset,
                        filter,
                        indexOffset,
                        properties.getIndexSize());
                if (largest == null || layout.size() > largest.size()) {
                    largest = layout;
                }
            }
        }
        if (largest == null) {
            throw new IllegalStateException(
                    "no table file of column family " + columnFamily + " in " + dir + ": " + seen);
        }
        return largest;
    }

    /**
     * Name and SHA-256 of every file in the directory but RocksDB's info logs ({@code LOG*}, which every
     * open appends to) and rockwal's lock file (empty, never deleted).
     */
    static Map<String, String> fingerprint(Path dir) throws IOException {
        Map<String, String> prints = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("LOG") || name.equals(StoreLock.FILE_NAME) || Files.isDirectory(file)) {
                    continue;
                }
                prints.put(name, sha256(Files.readAllBytes(file)));
            }
        }
        return prints;
    }

    /**
     * A digest of every key and value of every column family, read through a read-only RocksDB open
     * (which writes nothing); null when RocksDB cannot open the directory read-only.
     */
    static String contentDigest(Path dir) {
        List<org.rocksdb.ColumnFamilyHandle> handles = new java.util.ArrayList<>();
        try (Options options = new Options();
                org.rocksdb.ColumnFamilyOptions cfOptions = new org.rocksdb.ColumnFamilyOptions();
                org.rocksdb.DBOptions dbOptions = new org.rocksdb.DBOptions()) {
            List<org.rocksdb.ColumnFamilyDescriptor> descriptors = new java.util.ArrayList<>();
            for (byte[] name : org.rocksdb.RocksDB.listColumnFamilies(options, dir.toString())) {
                descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(name, cfOptions));
            }
            if (descriptors.isEmpty()) {
                return null;
            }
            try (org.rocksdb.RocksDB db =
                    org.rocksdb.RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < handles.size(); i++) {
                    digest.update(descriptors.get(i).getName());
                    try (org.rocksdb.RocksIterator iterator = db.newIterator(handles.get(i))) {
                        for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                            digest.update(iterator.key());
                            digest.update(iterator.value());
                        }
                        iterator.status();
                    }
                }
                return HexFormat.of().formatHex(digest.digest());
            } finally {
                handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens a store directory read-only with plain RocksDB and the given write-ahead-log recovery mode
     * (a read-only open replays the log in memory and writes nothing) and counts the keys of
     * {@code wal:pots}; or says how the open failed.
     */
    static String potsEntriesAfterRecovery(Path dir, org.rocksdb.WALRecoveryMode mode) throws RocksDBException {
        List<org.rocksdb.ColumnFamilyHandle> handles = new java.util.ArrayList<>();
        try (Options options = new Options();
                org.rocksdb.ColumnFamilyOptions cfOptions = new org.rocksdb.ColumnFamilyOptions();
                org.rocksdb.DBOptions dbOptions = new org.rocksdb.DBOptions().setWalRecoveryMode(mode)) {
            List<org.rocksdb.ColumnFamilyDescriptor> descriptors = new java.util.ArrayList<>();
            int pots = -1;
            for (byte[] name : org.rocksdb.RocksDB.listColumnFamilies(options, dir.toString())) {
                if (new String(name, java.nio.charset.StandardCharsets.UTF_8).equals("wal:pots")) {
                    pots = descriptors.size();
                }
                descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(name, cfOptions));
            }
            try (org.rocksdb.RocksDB db =
                            org.rocksdb.RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles);
                    org.rocksdb.RocksIterator iterator = db.newIterator(handles.get(pots))) {
                long count = 0;
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    count++;
                }
                iterator.status();
                return count + " entries";
            } catch (RocksDBException e) {
                return "refused: " + e.getStatus().getCode() + ": " + e.getMessage();
            } finally {
                handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
            }
        }
    }

    /** What changed between two fingerprints: "+name" added, "-name" removed, "~name" changed; empty if nothing. */
    static List<String> changes(Map<String, String> before, Map<String, String> after) {
        List<String> changes = new java.util.ArrayList<>();
        before.forEach((name, print) -> {
            if (!after.containsKey(name)) {
                changes.add("-" + name);
            } else if (!after.get(name).equals(print)) {
                changes.add("~" + name);
            }
        });
        after.keySet().stream().filter(name -> !before.containsKey(name)).forEach(name -> changes.add("+" + name));
        return changes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies every regular file of {@code from} into the new directory {@code to}. */
    static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }
}
