package io.rockwal.rocks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** A store directory opened with plain rocksdbjni, to damage or inspect it behind the log's back. */
public final class RawStore implements AutoCloseable {

    private final ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
    private final DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handleList = new ArrayList<>();
    private final Map<String, ColumnFamilyHandle> handles = new LinkedHashMap<>();

    private RawStore(Path dir, List<String> extraColumnFamilies) throws RocksDBException {
        List<String> names = new ArrayList<>();
        try (Options options = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                names.add(new String(name, StandardCharsets.UTF_8));
            }
        }
        if (names.isEmpty()) {
            names.add("default");
        }
        for (String extra : extraColumnFamilies) {
            if (!names.contains(extra)) {
                names.add(extra);
            }
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : names) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
        }
        db = RocksDB.open(dbOptions, dir.toString(), descriptors, handleList);
        for (int i = 0; i < names.size(); i++) {
            handles.put(names.get(i), handleList.get(i));
        }
    }

    public static RawStore open(Path dir, String... extraColumnFamilies) throws RocksDBException {
        return new RawStore(dir, List.of(extraColumnFamilies));
    }

    RocksDB db() {
        return db;
    }

    ColumnFamilyHandle handle(String name) {
        ColumnFamilyHandle handle = handles.get(name);
        if (handle == null) {
            throw new IllegalArgumentException("no column family " + name + " in " + handles.keySet());
        }
        return handle;
    }

    public void put(String columnFamily, byte[] key, byte[] value) throws RocksDBException {
        db.put(handle(columnFamily), key, value);
    }

    public byte[] get(String columnFamily, byte[] key) throws RocksDBException {
        return db.get(handle(columnFamily), key);
    }

    public void delete(String columnFamily, byte[] key) throws RocksDBException {
        db.delete(handle(columnFamily), key);
    }

    @Override
    public void close() throws RocksDBException {
        handleList.forEach(ColumnFamilyHandle::close);
        db.closeE();
        dbOptions.close();
        cfOptions.close();
    }
}
