package io.rockwal.bench;

import io.rockwal.core.WalType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * Plain rocksdbjni with the store's layout and tuning (mirrors {@code StoreResources}: same column
 * families, 16 KiB blocks, 10-bit bloom filters cached with the index, LZ4, one cache of 32 MiB for
 * blocks plus 64 MiB of memtables charged to it), optionally
 * with an LSN-to-type index column family. The ceiling the store is measured against.
 */
final class RawRocks implements AutoCloseable {

    static final String INDEX = "lsn-index";

    final RocksDB db;
    final List<ColumnFamilyHandle> types = new ArrayList<>();
    final ColumnFamilyHandle meta;
    final ColumnFamilyHandle index;
    final WriteOptions syncWrite;
    final ReadOptions read = new ReadOptions();
    private final List<org.rocksdb.AbstractNativeReference> owned = new ArrayList<>();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();

    RawRocks(Path dir, boolean sync, boolean withIndex) throws RocksDBException {
        LRUCache cache = own(new LRUCache((32L << 20) + (64L << 20), -1, false, 0.25));
        org.rocksdb.WriteBufferManager memtables = own(new org.rocksdb.WriteBufferManager(64L << 20, cache));
        BloomFilter filter = own(new BloomFilter(10, false));
        ColumnFamilyOptions typeOptions = own(new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        .setFilterPolicy(filter)
                        .setWholeKeyFiltering(true)
                        .setCacheIndexAndFilterBlocks(true)
                        .setCacheIndexAndFilterBlocksWithHighPriority(true)
                        .setPinL0FilterAndIndexBlocksInCache(true)
                        .setBlockSize(16 << 10))
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(16L << 20)
                .setMaxWriteBufferNumber(2)
                .setLevelCompactionDynamicLevelBytes(true));
        ColumnFamilyOptions metaOptions = own(new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache))
                .setWriteBufferSize(1L << 20));
        DBOptions dbOptions = own(new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setWriteBufferManager(memtables)
                .setBytesPerSync(1L << 20));
        syncWrite = own(new WriteOptions().setSync(sync));
        owned.add(read);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor("default".getBytes(StandardCharsets.UTF_8), metaOptions));
        descriptors.add(new ColumnFamilyDescriptor("rockwal:meta".getBytes(StandardCharsets.UTF_8), metaOptions));
        for (WalType type : WalType.standardTypes()) {
            descriptors.add(new ColumnFamilyDescriptor(type.name().getBytes(StandardCharsets.UTF_8), typeOptions));
        }
        if (withIndex) {
            descriptors.add(new ColumnFamilyDescriptor(INDEX.getBytes(StandardCharsets.UTF_8), typeOptions));
        }
        db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        meta = handles.get(1);
        types.addAll(handles.subList(2, 2 + WalType.standardTypes().size()));
        index = withIndex ? handles.get(handles.size() - 1) : null;
    }

    private <T extends org.rocksdb.AbstractNativeReference> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    static byte[] key(long lsn) {
        byte[] key = new byte[8];
        for (int i = 7; i >= 0; i--) {
            key[i] = (byte) lsn;
            lsn >>>= 8;
        }
        return key;
    }

    static long lsn(byte[] key) {
        long lsn = 0;
        for (byte b : key) {
            lsn = (lsn << 8) | (b & 0xff);
        }
        return lsn;
    }

    /** Flushes the memtables first, as the store's close does, so both leave all their data in SST files. */
    @Override
    public void close() throws RocksDBException {
        try (org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
        }
        handles.forEach(ColumnFamilyHandle::close);
        db.closeE();
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
    }
}
