package io.warden.statemachine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live RocksDB store of one server.
 *
 * <p>Every change is written through {@link #commit}, which puts the entry's effects and the new
 * applied position into one atomic write, so the store always holds a prefix of the log. Writes
 * are not fsynced: the Raft log is the durable record, and entries above the stored applied
 * index are re-applied from it after a crash.
 *
 * <p>Thread safety: RocksDB handles concurrent readers and the single apply thread. Closing
 * while others read is the caller's business (the state machine guards it with a lock).
 */
public final class WardenStore implements StoreReader, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WardenStore.class);
  /**
   * The schema this binary writes. Bump it when an encoding changes so that an older binary would
   * go wrong on it. 2: session records count their locks ({@code lock_refs}), which a binary of
   * schema 1 would not keep up to date.
   */
  public static final int SCHEMA_VERSION = 2;

  /** The size at which a column family's memtable is switched and flushed in the background. */
  static final long MEMTABLE_BYTES = 4L << 20;

  private static final byte[] APPLIED_KEY = "applied".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SCHEMA_KEY = "schema".getBytes(StandardCharsets.UTF_8);

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions familyOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle defaultHandle;
  private final Map<Family, ColumnFamilyHandle> handles = new EnumMap<>(Family.class);
  private final WriteOptions writeOptions = new WriteOptions();
  private final ReadOptions readOptions = new ReadOptions();
  private volatile AppliedPosition applied;

  private WardenStore(Path directory) {
    this.directory = directory;
    this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2);
    // Small memtables. A snapshot flushes them on Ratis's apply thread (checkpoint), and every
    // server of a group reaches the snapshot threshold at the same index, so a flush stalls the
    // leader's answers. With RocksDB's 64 MB default, 100,000 entries of lock traffic (a store of
    // 4 MB on disk: most writes are call records soon deleted) took 0.5-0.85 s to flush; with 4 MB
    // memtables, flushed in the background as they fill, the checkpoint takes ~50 ms
    // (BENCHMARKS.md, "Tuning").
    this.familyOptions = new ColumnFamilyOptions().setWriteBufferSize(MEMTABLE_BYTES);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
    for (Family family : Family.values()) {
      descriptors.add(new ColumnFamilyDescriptor(family.nameBytes(), familyOptions));
    }
    List<ColumnFamilyHandle> opened = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      this.db = RocksDB.open(dbOptions, directory.toString(), descriptors, opened);
    } catch (RocksDBException | IOException e) {
      dbOptions.close();
      familyOptions.close();
      throw new StoreException("cannot open the store at " + directory + ": " + e.getMessage(), e);
    }
    this.defaultHandle = opened.get(0);
    for (Family family : Family.values()) {
      handles.put(family, opened.get(family.ordinal() + 1));
    }
  }

  /**
   * Opens (creating if needed) the store in {@code directory}.
   *
   * @throws StoreSchemaException if a newer Warden wrote it
   * @throws StoreException       if RocksDB cannot open it
   */
  public static WardenStore open(Path directory) {
    WardenStore store = new WardenStore(directory);
    try {
      store.checkSchema();
      store.applied = store.readApplied();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private void checkSchema() {
    byte[] stored = get(Family.META, SCHEMA_KEY);
    if (stored == null) {
      writeSchemaVersion();
      return;
    }
    int version = ByteBuffer.wrap(stored).getInt();
    if (version > SCHEMA_VERSION) {
      throw new StoreSchemaException("the store at " + directory + " was written by a newer Warden (schema "
          + version + "); this server reads schema " + SCHEMA_VERSION + " and older: run a newer warden-server");
    }
    if (version < SCHEMA_VERSION) {
      // Older records stay readable as they are; from now on this binary's writes are in the
      // store, so a binary of the older schema must refuse it.
      writeSchemaVersion();
      LOG.info("Store at {} upgraded from schema {} to {}", directory, version, SCHEMA_VERSION);
    }
  }

  private void writeSchemaVersion() {
    try {
      db.put(handle(Family.META), writeOptions, SCHEMA_KEY, ByteBuffer.allocate(4).putInt(SCHEMA_VERSION).array());
    } catch (RocksDBException e) {
      throw new StoreException("cannot write the schema version to " + directory, e);
    }
  }

  private AppliedPosition readApplied() {
    byte[] bytes = get(Family.META, APPLIED_KEY);
    return bytes == null ? AppliedPosition.NONE : AppliedPosition.decode(bytes);
  }

  /** The position of the last entry whose effects the store holds. */
  public AppliedPosition applied() {
    return applied;
  }

  /** A batch for the changes of one log entry. */
  public StoreBatch newBatch() {
    return new StoreBatch(this);
  }

  /** Writes {@code batch} and the new applied position atomically. */
  public void commit(StoreBatch batch, AppliedPosition position) {
    try {
      batch.writeBatch().put(handle(Family.META), APPLIED_KEY, position.encode());
      db.write(writeOptions, batch.writeBatch());
      applied = position;
    } catch (RocksDBException e) {
      throw new StoreException("cannot write to the store at " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(Family family, byte[] key) {
    try {
      return db.get(handle(family), readOptions, key);
    } catch (RocksDBException e) {
      throw new StoreException("cannot read " + family.columnFamilyName() + " from " + directory, e);
    }
  }

  @Override
  public void forEach(Family family, BiConsumer<byte[], byte[]> visitor) {
    try (RocksIterator iterator = db.newIterator(handle(family), readOptions)) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        visitor.accept(iterator.key(), iterator.value());
      }
    }
  }

  @Override
  public boolean anyMatch(Family family, BiPredicate<byte[], byte[]> test) {
    try (RocksIterator iterator = db.newIterator(handle(family), readOptions)) {
      return Keys.anyMatch(iterator, test);
    }
  }

  @Override
  public void forEachWithPrefix(Family family, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
    try (RocksIterator iterator = db.newIterator(handle(family), readOptions)) {
      Keys.scanPrefix(iterator, prefix, visitor);
    }
  }

  /**
   * Flushes memtables and writes a checkpoint (hard links of the SST files) to {@code target},
   * which must not exist yet.
   */
  public void checkpoint(Path target) {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
         Checkpoint checkpoint = Checkpoint.create(db)) {
      db.flush(flush, new ArrayList<>(handles.values()));
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new StoreException("cannot write a checkpoint of " + directory + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Bytes the store's files take on disk. */
  public long sizeOnDisk() {
    try (var files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      return -1;
    }
  }

  public Path directory() {
    return directory;
  }

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle handle(Family family) {
    return handles.get(family);
  }

  @Override
  public void close() {
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      // Closing anyway: whatever the WAL lost is re-applied from the Raft log.
    }
    handles.values().forEach(ColumnFamilyHandle::close);
    defaultHandle.close();
    db.close();
    writeOptions.close();
    readOptions.close();
    familyOptions.close();
    dbOptions.close();
  }
}
