package io.warden.statemachine.store;

import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;

/**
 * The changes of one applied log entry. Reads see the store plus the batch's own writes, so
 * apply logic can read what it wrote earlier in the same entry. Nothing is visible to others
 * until {@link WardenStore#commit} writes the batch together with the new applied position.
 */
public final class StoreBatch implements StoreReader, AutoCloseable {
  private final WardenStore store;
  private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
  private final ReadOptions readOptions = new ReadOptions();

  StoreBatch(WardenStore store) {
    this.store = store;
  }

  @Override
  public byte[] get(Family family, byte[] key) {
    try {
      return batch.getFromBatchAndDB(store.db(), store.handle(family), readOptions, key);
    } catch (RocksDBException e) {
      throw new StoreException("cannot read " + family.columnFamilyName() + " from " + store.directory(), e);
    }
  }

  @Override
  public void forEach(Family family, BiConsumer<byte[], byte[]> visitor) {
    try (RocksIterator base = store.db().newIterator(store.handle(family), readOptions);
         RocksIterator merged = batch.newIteratorWithBase(store.handle(family), base)) {
      for (merged.seekToFirst(); merged.isValid(); merged.next()) {
        visitor.accept(merged.key(), merged.value());
      }
    }
  }

  @Override
  public boolean anyMatch(Family family, BiPredicate<byte[], byte[]> test) {
    try (RocksIterator base = store.db().newIterator(store.handle(family), readOptions);
         RocksIterator merged = batch.newIteratorWithBase(store.handle(family), base)) {
      return Keys.anyMatch(merged, test);
    }
  }

  @Override
  public void forEachWithPrefix(Family family, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
    try (RocksIterator base = store.db().newIterator(store.handle(family), readOptions);
         RocksIterator merged = batch.newIteratorWithBase(store.handle(family), base)) {
      Keys.scanPrefix(merged, prefix, visitor);
    }
  }

  public void put(Family family, byte[] key, byte[] value) {
    try {
      batch.put(store.handle(family), key, value);
    } catch (RocksDBException e) {
      throw new StoreException("cannot stage a write to " + family.columnFamilyName(), e);
    }
  }

  public void delete(Family family, byte[] key) {
    try {
      batch.delete(store.handle(family), key);
    } catch (RocksDBException e) {
      throw new StoreException("cannot stage a delete in " + family.columnFamilyName(), e);
    }
  }

  WriteBatchWithIndex writeBatch() {
    return batch;
  }

  @Override
  public void close() {
    readOptions.close();
    batch.close();
  }
}
