package io.rockwal.rocks;

import io.rockwal.core.WalType;
import org.rocksdb.ColumnFamilyHandle;

/**
 * One entry type's column family.
 *
 * @param type the type, named like its column family
 * @param handle the open handle, owned by {@link StoreResources}
 * @param inCatalog whether the log's catalogue knows the type; a type it does not know was found on
 *     disk and is kept, read as raw entries, and never written
 * @param position the column's index in {@link StoreResources#typeColumns()}, for per-type arrays
 */
record TypeColumn(WalType type, ColumnFamilyHandle handle, boolean inCatalog, int position) {}
