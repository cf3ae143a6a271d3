package io.rockwal.rocks;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.EventLogException;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.WalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.HistogramType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Statistics;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * Owns every long-lived native object of one open store and the store's lock, and releases them in
 * exact reverse order of creation: handles before the database, the database before its options.
 * Opening is all-or-nothing: if a step fails, everything created so far is released and the failure
 * is thrown.
 *
 * <p>Tuning, with reasons (all per column family unless said otherwise):
 * <ul>
 *   <li>Bloom filters, 10 bits per key, whole-key: a lookup by LSN probes every type's column family
 *       and all but one miss; the filter answers a miss without reading a block.</li>
 *   <li>LZ4 compression: cheap enough to leave on for incompressible payloads (RocksDB stores a block
 *       uncompressed when compression saves less than 1/8), and it pays for JSON and protobuf.</li>
 *   <li>Memory bounded by two settings of {@link RocksEventLogOptions}, however many types and
 *       however long the log: one LRU cache holds data, index and filter blocks of every column family
 *       (index and filters at high priority, pinned for level 0, so a lookup's bloom probes stay
 *       cheap), and a write-buffer manager charges every memtable to that same cache. Without this,
 *       index and filter blocks live outside any cache and grow with the data (about 1.3 bytes per
 *       entry for the filters alone).</li>
 *   <li>Two background jobs: the target machines have two cores and the node needs one.</li>
 * </ul>
 */
final class StoreResources implements AutoCloseable {

    static final String DEFAULT_COLUMN_FAMILY = "default";
    /** RocksDB's file naming the live MANIFEST: there is a database in a directory when it is there. */
    static final String CURRENT_FILE = "CURRENT";

    private static final int BLOOM_BITS_PER_KEY = 10;
    private static final long BLOCK_SIZE = 16 << 10;
    private static final double HIGH_PRIORITY_POOL_RATIO = 0.25;

    private static final System.Logger LOG = System.getLogger(StoreResources.class.getName());

    static {
        RocksDB.loadLibrary();
    }

    /** How the database is opened. */
    enum Mode {
        /** The one writer: locks the directory, creates what is missing. */
        PRIMARY,
        /** A static read-only view; never writes to the directory. */
        READ_ONLY,
        /** Follows a running primary on demand ({@code tryCatchUpWithPrimary}); never writes to the directory. */
        SECONDARY
    }

    private final Path dir;
    private final Mode mode;
    private final StoreErrors errors;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private RocksDB db;
    private ColumnFamilyHandle metaHandle;
    private ColumnFamilyHandle keysHandle;
    private final List<TypeColumn> typeColumns = new ArrayList<>();
    private final List<String> foreignColumnFamilies = new ArrayList<>();
    private WriteOptions writeOptions;
    private ReadOptions pointReadOptions;
    private HealthMonitor health;
    private Statistics statistics;
    /** The torn tail this open cut from the MANIFEST (invariant 12), or null. */
    private ManifestRepair manifestCut;

    private int level0SlowdownTrigger;
    private long softPendingCompactionBytes;

    private final Map<WalType, TypeColumn> columnsByType = new HashMap<>();
    private TypeSelection allTypes;

    private StoreResources(Path dir, Mode mode) {
        this.dir = dir;
        this.mode = mode;
        this.errors = new StoreErrors(dir);
    }

    /**
     * Locks the directory (creating it when missing) and opens RocksDB with the metadata column
     * family, one column family per catalogue type, and every column family already on disk.
     */
    static StoreResources open(Path dir, RocksEventLogOptions options) {
        return open(new StoreResources(dir, Mode.PRIMARY), options, null);
    }

    /**
     * Opens an existing store without writing to its directory: read-only, or as a secondary instance
     * whose own files (its info log) go to {@code secondaryDir}.
     */
    static StoreResources openForReading(Path dir, Mode mode, Path secondaryDir) {
        if (mode == Mode.PRIMARY) {
            throw new IllegalArgumentException("a reader cannot open " + dir + " as the primary");
        }
        // a reader writes nothing, so no type needs a column family created: an empty catalogue
        return open(
                new StoreResources(dir, mode),
                RocksEventLogOptions.builder()
                        .catalog(EventCatalog.builder().build())
                        .build(),
                secondaryDir);
    }

    private static StoreResources open(StoreResources resources, RocksEventLogOptions options, Path secondaryDir) {
        try {
            resources.openAll(options, secondaryDir);
            return resources;
        } catch (RuntimeException | Error e) {
            if (resources.manifestCut != null && resources.db == null) {
                // refused before RocksDB wrote anything: the MANIFEST goes back to how the open found it
                resources.manifestCut.undo(e);
            }
            try {
                resources.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private void openAll(RocksEventLogOptions options, Path secondaryDir) {
        if (mode == Mode.PRIMARY) {
            prepareDirectory(options.ownerOnlyFiles());
            owned.push(StoreLock.acquire(dir, options.ownerOnlyFiles()));
        }
        List<String> existing = existingColumnFamilies();
        if (mode == Mode.PRIMARY && !existing.isEmpty()) {
            OpenCheck.beforePrimaryOpen(dir, existing);
        }
        if (mode != Mode.PRIMARY && !existing.contains(MetadataCodec.COLUMN_FAMILY)) {
            throw new EventLogIOException(
                    "no rockwal store in " + dir + ": "
                            + (existing.isEmpty()
                                    ? "no RocksDB database there"
                                    : "no " + MetadataCodec.COLUMN_FAMILY + " column family"),
                    null,
                    false);
        }

        LRUCache cache = own(new LRUCache(
                options.blockCacheBytes() + options.writeBufferBytes(), -1, false, HIGH_PRIORITY_POOL_RATIO));
        WriteBufferManager memtables = own(new WriteBufferManager(options.writeBufferBytes(), cache));
        BloomFilter filter = own(new BloomFilter(BLOOM_BITS_PER_KEY, false));
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(filter)
                .setWholeKeyFiltering(true)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setBlockSize(BLOCK_SIZE);
        long perColumnFamilyBuffer = Math.max(1L << 20, options.writeBufferBytes() / 4);
        ColumnFamilyOptions typeOptions = own(new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(perColumnFamilyBuffer)
                .setMaxWriteBufferNumber(2)
                .setLevelCompactionDynamicLevelBytes(true));
        level0SlowdownTrigger = typeOptions.level0SlowdownWritesTrigger();
        softPendingCompactionBytes = typeOptions.softPendingCompactionBytesLimit();
        ColumnFamilyOptions metaOptions = own(new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache))
                .setWriteBufferSize(1L << 20));
        if (mode == Mode.PRIMARY && options.rocksDbStatistics()) {
            // created before the options and the database, so released after them; of the histograms
            // only the fsync one is kept (each kept histogram costs on every operation it times)
            statistics = own(new Statistics(EnumSet.complementOf(EnumSet.of(HistogramType.WAL_FILE_SYNC_MICROS))));
        }
        DBOptions dbOptions = own(new DBOptions()
                .setCreateIfMissing(mode == Mode.PRIMARY)
                .setCreateMissingColumnFamilies(mode == Mode.PRIMARY)
                .setMaxBackgroundJobs(2)
                .setWriteBufferManager(memtables)
                .setBytesPerSync(1L << 20)
                // A torn last record is a write that was never acknowledged; damage anywhere else in the
                // write-ahead log must refuse the open, not drop the fsynced batches after it (RocksDB's
                // default, point-in-time recovery, drops them without an error). A torn tail this mode
                // refuses (a complete-looking last fragment with a bad checksum) is told apart from
                // damage in the middle by recoverTornWalTail.
                .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
                .setKeepLogFileNum(3)
                .setMaxLogFileSize(8L << 20)
                .setInfoLogLevel(InfoLogLevel.INFO_LEVEL));
        if (statistics != null) {
            dbOptions.setStatistics(statistics);
        }
        if (mode == Mode.PRIMARY) {
            health = own(new HealthMonitor(dir.toString(), options.clock()));
            dbOptions.setListeners(List.of(health));
        }
        writeOptions = own(new WriteOptions().setSync(options.syncOnFlush()));
        pointReadOptions = own(new ReadOptions());

        Map<String, ColumnFamilyOptions> wanted = new LinkedHashMap<>();
        wanted.put(DEFAULT_COLUMN_FAMILY, metaOptions);
        wanted.put(MetadataCodec.COLUMN_FAMILY, metaOptions);
        if (mode == Mode.PRIMARY || existing.contains(KeyIndex.COLUMN_FAMILY)) {
            wanted.put(KeyIndex.COLUMN_FAMILY, typeOptions);
        }
        if (mode == Mode.PRIMARY) {
            for (WalType type : options.catalog().types()) {
                wanted.put(type.name(), typeOptions);
            }
        }
        for (String name : existing) {
            wanted.putIfAbsent(name, isTypeName(name) ? typeOptions : metaOptions);
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        wanted.forEach((name, cfOptions) ->
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions)));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        String action = "opening the store (" + mode.name().toLowerCase(Locale.ROOT) + ")";
        try {
            db = openDatabase(dbOptions, descriptors, handles, secondaryDir);
        } catch (RocksDBException e) {
            if (!isCorruption(e) || mode == Mode.SECONDARY) {
                throw errors.map(e, action, null);
            }
            recoverTornWalTail(e, action, dbOptions);
            handles.clear();
            try {
                db = openDatabase(dbOptions, descriptors, handles, secondaryDir);
            } catch (RocksDBException again) {
                throw errors.map(again, action + " after recovering past a torn write-ahead-log tail", null);
            }
        }
        AutoCloseable database = this::closeDatabase;
        owned.push(database);
        handles.forEach(owned::push);

        List<String> names = new ArrayList<>(wanted.keySet());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            ColumnFamilyHandle handle = handles.get(i);
            if (name.equals(MetadataCodec.COLUMN_FAMILY)) {
                metaHandle = handle;
            } else if (name.equals(KeyIndex.COLUMN_FAMILY)) {
                keysHandle = handle;
            } else if (isTypeName(name)) {
                WalType type = WalType.of(name);
                TypeColumn column =
                        new TypeColumn(type, handle, options.catalog().types().contains(type), typeColumns.size());
                typeColumns.add(column);
                columnsByType.put(type, column);
            } else if (!name.equals(DEFAULT_COLUMN_FAMILY)) {
                foreignColumnFamilies.add(name);
            }
        }
        allTypes = TypeSelection.all(typeColumns);
    }

    private RocksDB openDatabase(
            DBOptions dbOptions,
            List<ColumnFamilyDescriptor> descriptors,
            List<ColumnFamilyHandle> handles,
            Path secondaryDir)
            throws RocksDBException {
        return switch (mode) {
            case PRIMARY -> RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            case READ_ONLY -> RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles);
            case SECONDARY ->
                RocksDB.openAsSecondary(dbOptions, dir.toString(), secondaryDir.toString(), descriptors, handles);
        };
    }

    private static boolean isCorruption(RocksDBException e) {
        return e.getStatus() != null && e.getStatus().getCode() == Status.Code.Corruption;
    }

    /**
     * Decides on a damaged write-ahead log that RocksDB refused (format invariant 11). A torn tail, with
     * nothing whole after the damaged record, is the batch a crash or power cut interrupted before its
     * sync returned, so never an acknowledged one: the next open attempt recovers to the record before it
     * ({@code PointInTimeRecovery}). Damage followed by a whole batch is refused, naming both places.
     */
    private void recoverTornWalTail(RocksDBException refused, String action, DBOptions dbOptions) {
        WalTail.Damage damage;
        try {
            damage = WalTail.firstDamage(dir);
        } catch (IOException e) {
            EventLogException mapped = errors.map(refused, action, null);
            mapped.addSuppressed(e);
            throw mapped;
        }
        if (damage == null) {
            throw errors.map(refused, action, null);
        }
        if (!damage.isTornTail()) {
            throw new EventLogCorruptedException(
                    errors.map(refused, action, null).getMessage().replaceFirst("^corrupted event log: ", "") + "; "
                            + damage.describe()
                            + "; restore the store from a backup",
                    null,
                    EventLogCorruptedException.UNKNOWN_LSN,
                    null,
                    refused);
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "{0}: {1}; opening at the last whole batch before it",
                dir,
                damage.describe());
        dbOptions.setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery);
    }

    private void prepareDirectory(boolean ownerOnly) {
        try {
            if (!Files.isDirectory(dir)) {
                if (ownerOnly) {
                    Directories.createDurably(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Directories.createDurably(dir);
                }
            } else if (!Files.isWritable(dir)) {
                throw new EventLogIOException(
                        "cannot open the store in " + dir + " for writing: the directory is not "
                                + "writable (read-only file system or permissions); make it writable, or read it with "
                                + "RocksEventLogReader or the rockwal tool",
                        null,
                        false);
            }
        } catch (IOException e) {
            throw new EventLogIOException("cannot create the store directory " + dir + ": " + e, e, false);
        }
    }

    /**
     * The column families on disk; empty for a new store. A directory that holds RocksDB files but no
     * {@code CURRENT} file is damaged, not new: opening it as new would hide its data.
     */
    private List<String> existingColumnFamilies() {
        if (!Files.exists(dir.resolve(CURRENT_FILE))) {
            String leftover = rocksDbFileIn(dir);
            if (leftover != null) {
                throw new EventLogCorruptedException(
                        "the CURRENT file is missing from " + dir + " but RocksDB file " + leftover
                                + " is there; restore CURRENT (it names the live MANIFEST) or open a backup",
                        null,
                        EventLogCorruptedException.UNKNOWN_LSN,
                        null,
                        null);
            }
            return List.of();
        }
        List<String> names = listColumnFamilies();
        if (names.isEmpty()) {
            // RocksDB lists nothing, without an error, when the MANIFEST that CURRENT names is damaged
            WalTail.ManifestDamage damage = manifestDamage();
            if (mode == Mode.PRIMARY && damage != null && damage.isTornTail()) {
                try {
                    manifestCut = ManifestRepair.cutTornTail(damage);
                } catch (IOException e) {
                    throw new EventLogIOException(
                            "cannot cut " + damage.describe() + " back to its last whole " + "version edit: " + e,
                            e,
                            false);
                }
                names = listColumnFamilies();
            }
            if (names.isEmpty()) {
                String problem;
                if (manifestCut != null) {
                    problem = manifestCut.describe() + ", and still lists no column family";
                } else if (damage == null) {
                    problem = manifestProblem();
                } else if (damage.isTornTail()) {
                    problem = damage.describe() + "; opening it with RocksEventLog.open cuts it back to its last "
                            + "whole version edit (a reader writes nothing)";
                } else {
                    problem = damage.describe() + "; restore the store from a backup";
                }
                throw new EventLogCorruptedException(
                        "RocksDB's MANIFEST, named by " + dir.resolve(CURRENT_FILE) + ", lists no column family: "
                                + problem,
                        null,
                        EventLogCorruptedException.UNKNOWN_LSN,
                        null,
                        null);
            }
        }
        return names;
    }

    private List<String> listColumnFamilies() {
        try (Options listOptions = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(listOptions, dir.toString())) {
                names.add(new String(name, StandardCharsets.UTF_8));
            }
            return names;
        } catch (RocksDBException e) {
            throw errors.map(e, "listing column families", null);
        }
    }

    /** The first damage in the MANIFEST that CURRENT names, or null if it is whole or cannot be read. */
    private WalTail.ManifestDamage manifestDamage() {
        try {
            Path manifest = currentManifest();
            return Files.isRegularFile(manifest) ? WalTail.manifestDamage(manifest) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Path currentManifest() throws IOException {
        return dir.resolve(Files.readString(dir.resolve(CURRENT_FILE), StandardCharsets.US_ASCII)
                .strip());
    }

    /** Why an undamaged MANIFEST lists nothing. */
    private String manifestProblem() {
        try {
            Path manifest = currentManifest();
            return manifest.getFileName()
                    + (Files.isRegularFile(manifest) ? " holds no column family record" : " is missing");
        } catch (IOException e) {
            return "it cannot be read: " + e;
        }
    }

    private static String rocksDbFileIn(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith("MANIFEST-")
                        || name.endsWith(".sst")
                        || name.endsWith(".log")
                        || name.startsWith("OPTIONS-")) {
                    return name;
                }
            }
            return null;
        } catch (IOException e) {
            throw new EventLogIOException("cannot list the store directory " + dir + ": " + e, e, false);
        }
    }

    /** Whether a column family name on disk names an entry type (rather than the store's own or a foreign one). */
    static boolean isTypeName(String name) {
        if (name.equals(DEFAULT_COLUMN_FAMILY) || name.startsWith(WalType.RESERVED_PREFIX)) {
            return false;
        }
        try {
            WalType.of(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    private void closeDatabase() throws RocksDBException {
        try {
            db.closeE();
        } finally {
            ReadOptionsLeak.release(db);
        }
    }

    Path dir() {
        return dir;
    }

    RocksDB db() {
        return db;
    }

    ColumnFamilyHandle metaHandle() {
        return metaHandle;
    }

    /** The secondary-key index; null only for a reader of a store that has none. */
    ColumnFamilyHandle keysHandle() {
        return keysHandle;
    }

    /** Type column families: the catalogue's types in catalogue order, then types found only on disk. */
    List<TypeColumn> typeColumns() {
        return typeColumns;
    }

    /** The store's own column families by name: the types', then the key index (if any) and the metadata. */
    Map<String, ColumnFamilyHandle> columnFamilies() {
        Map<String, ColumnFamilyHandle> families = new LinkedHashMap<>();
        for (TypeColumn column : typeColumns) {
            families.put(column.type().name(), column.handle());
        }
        if (keysHandle != null) {
            families.put(KeyIndex.COLUMN_FAMILY, keysHandle);
        }
        families.put(MetadataCodec.COLUMN_FAMILY, metaHandle);
        return families;
    }

    /** The type's column family, if the store has one. */
    Optional<TypeColumn> column(WalType type) {
        return Optional.ofNullable(columnsByType.get(type));
    }

    /** Every type column family, as one selection. */
    TypeSelection allTypes() {
        return allTypes;
    }

    /** The type's column family as a selection; an empty one when the store has no such type. */
    TypeSelection only(WalType type) {
        return column(type).map(TypeSelection::one).orElse(TypeSelection.NONE);
    }

    /** Maps this store's RocksDB failures. */
    StoreErrors errors() {
        return errors;
    }

    /**
     * Writes every memtable to table files and syncs RocksDB's write-ahead log, so that the next open
     * has nothing to replay; for a clean close of the primary.
     */
    void persistMemtables() {
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        typeColumns.forEach(column -> handles.add(column.handle()));
        handles.add(metaHandle);
        handles.add(keysHandle);
        try (FlushOptions flushOptions = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flushOptions, handles);
            db.syncWal();
        } catch (RocksDBException e) {
            throw errors.map(e, "flushing memtables at close", null);
        }
    }

    /** Column families that are neither the store's nor entry types; kept open and never touched. */
    List<String> foreignColumnFamilies() {
        return foreignColumnFamilies;
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    /** RocksDB's background errors and write stalls as they happen; null unless the store is open for writing. */
    HealthMonitor health() {
        return health;
    }

    /**
     * A RocksDB property summed over every column family ("rocksdb.cur-size-all-mem-tables" and the
     * like), or -1 if RocksDB does not know it: a lookup in memory, no scan.
     */
    long aggregatedProperty(String name) {
        try {
            return db.getAggregatedLongProperty(name);
        } catch (RocksDBException e) {
            return -1;
        }
    }

    /** A database-wide RocksDB property, or -1 if RocksDB does not know it. */
    long longProperty(String name) {
        try {
            return db.getLongProperty(name);
        } catch (RocksDBException e) {
            return -1;
        }
    }

    /**
     * Says why compaction is far behind, or null if it keeps up: a type's column family has three
     * quarters of the level-0 files at which RocksDB starts slowing writes, or half the pending
     * compaction bytes. Caught there, an operator sees it coming before RocksDB stalls the writer.
     * A few in-memory property lookups per type.
     */
    String compactionBacklog() {
        for (TypeColumn column : typeColumns) {
            long files = columnFamilyProperty(column.handle(), "rocksdb.num-files-at-level0");
            if (level0SlowdownTrigger > 0 && files >= (level0SlowdownTrigger * 3L + 3) / 4) {
                return "compaction is far behind: column family '" + column.type() + "' has " + files
                        + " level-0 files; RocksDB slows writes at " + level0SlowdownTrigger;
            }
            long pending = columnFamilyProperty(column.handle(), "rocksdb.estimate-pending-compaction-bytes");
            if (softPendingCompactionBytes > 0 && pending >= softPendingCompactionBytes / 2) {
                return "compaction is far behind: column family '" + column.type() + "' has " + pending
                        + " bytes to compact; RocksDB slows writes at " + softPendingCompactionBytes;
            }
        }
        return null;
    }

    /** RocksDB's statistics; null unless the store is open for writing with statistics kept. */
    Statistics statistics() {
        return statistics;
    }

    /**
     * A RocksDB property of one column family, or -1 if RocksDB does not know it: a lookup in memory,
     * no scan.
     */
    long columnFamilyProperty(ColumnFamilyHandle handle, String name) {
        try {
            return db.getLongProperty(handle, name);
        } catch (RocksDBException notNumeric) {
            // some figures ("rocksdb.num-files-at-level0") are only served as text
            try {
                return Long.parseLong(db.getProperty(handle, name).trim());
            } catch (RocksDBException | NumberFormatException e) {
                return -1;
            }
        }
    }

    ReadOptions pointReadOptions() {
        return pointReadOptions;
    }

    /**
     * Releases everything in reverse order of creation. Every release is attempted; the first failure
     * is thrown with the others suppressed.
     */
    @Override
    public void close() {
        EventLogException failure = null;
        while (!owned.isEmpty()) {
            AutoCloseable resource = owned.pop();
            try {
                resource.close();
            } catch (Exception e) {
                EventLogException mapped = errors.closing(e);
                if (failure == null) {
                    failure = mapped;
                } else {
                    failure.addSuppressed(mapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
