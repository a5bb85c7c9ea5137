package io.warden.statemachine.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Writes one key into a store directory with plain RocksDB, bypassing {@link WardenStore}: how a
 * test plants what another binary would have written. Opening fails if anyone holds the store.
 */
final class RawRocks {
  private RawRocks() {}

  static void put(Path directory, Family family, byte[] key, byte[] value) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    for (Family each : Family.values()) {
      descriptors.add(new ColumnFamilyDescriptor(each.nameBytes()));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
         RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles)) {
      try {
        db.put(handles.get(1 + family.ordinal()), key, value);
        db.syncWal();
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }
}
