package io.warden.statemachine.store;

import static io.warden.statemachine.store.Keys.ofString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.statemachine.testing.StoreContents;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/** The live store: atomic commits with the applied position, durability, schema guard, checkpoints. */
class WardenStoreTest {
  private static final byte[] SCHEMA_KEY = ofString("schema");
  private static final byte[] APPLIED_KEY = ofString("applied");

  @TempDir Path dir;

  @Test
  void freshStoreIsAtAppliedPositionNone() {
    try (WardenStore store = WardenStore.open(dir.resolve("store"))) {
      assertThat(store.applied()).isEqualTo(AppliedPosition.NONE);
      assertThat(StoreContents.state(store)).isEmpty();
    }
  }

  @Test
  void freshStoreRecordsTheSchemaVersionItWasCreatedWith() {
    try (WardenStore store = WardenStore.open(dir.resolve("store"))) {
      assertThat(store.get(Family.META, SCHEMA_KEY)).isEqualTo(schemaBytes(WardenStore.SCHEMA_VERSION));
    }
  }

  @Test
  void memtablesStaySmallHoweverMuchIsCommittedSoACheckpointFlushesLittle() throws RocksDBException {
    byte[] value = new byte[8 << 10];
    try (WardenStore store = WardenStore.open(dir.resolve("store"))) {
      // 24 MB of records written and deleted again, as call records are.
      for (int i = 1; i <= 3_000; i++) {
        try (StoreBatch batch = store.newBatch()) {
          batch.put(Family.CALLS, Keys.ofLong(i), value);
          batch.delete(Family.CALLS, Keys.ofLong(i - 1));
          store.commit(batch, new AppliedPosition(1, i));
        }
      }

      long inMemtables = store.db().getLongProperty(store.handle(Family.CALLS), "rocksdb.cur-size-all-mem-tables");
      // The active memtable and at most one full one waiting for its flush.
      assertThat(inMemtables).isLessThanOrEqualTo(3 * WardenStore.MEMTABLE_BYTES);
      assertThat(store.get(Family.CALLS, Keys.ofLong(3_000))).isEqualTo(value);
      assertThat(store.get(Family.CALLS, Keys.ofLong(2_999))).isNull();
    }
  }

  @Test
  void commitMakesTheBatchAndTheAppliedPositionVisibleTogether() {
    try (WardenStore store = WardenStore.open(dir.resolve("store"));
         StoreBatch batch = store.newBatch()) {
      batch.put(Family.SESSIONS, Keys.ofLong(7), ofString("seven"));
      batch.put(Family.LOCKS, ofString("door"), ofString("held"));

      assertThat(store.get(Family.SESSIONS, Keys.ofLong(7))).isNull();
      assertThat(store.applied()).isEqualTo(AppliedPosition.NONE);
      assertThat(store.get(Family.META, APPLIED_KEY)).isNull();

      store.commit(batch, new AppliedPosition(3, 7));

      assertThat(store.get(Family.SESSIONS, Keys.ofLong(7))).isEqualTo(ofString("seven"));
      assertThat(store.get(Family.LOCKS, ofString("door"))).isEqualTo(ofString("held"));
      assertThat(store.applied()).isEqualTo(new AppliedPosition(3, 7));
      assertThat(store.get(Family.META, APPLIED_KEY)).isEqualTo(new AppliedPosition(3, 7).encode());
    }
  }

  @Test
  void committedWritesAndAppliedPositionSurviveCloseAndReopen() {
    Path location = dir.resolve("store");
    try (WardenStore store = WardenStore.open(location);
         StoreBatch batch = store.newBatch()) {
      batch.put(Family.SESSIONS, Keys.ofLong(5), ofString("five"));
      store.commit(batch, new AppliedPosition(2, 5));
    }

    try (WardenStore reopened = WardenStore.open(location)) {
      assertThat(reopened.applied()).isEqualTo(new AppliedPosition(2, 5));
      assertThat(reopened.get(Family.SESSIONS, Keys.ofLong(5))).isEqualTo(ofString("five"));
    }
  }

  @Test
  void batchClosedWithoutCommitLeavesNoTrace() {
    Path location = dir.resolve("store");
    try (WardenStore store = WardenStore.open(location)) {
      try (StoreBatch batch = store.newBatch()) {
        batch.put(Family.SESSIONS, Keys.ofLong(1), ofString("abandoned"));
      }
      assertThat(store.get(Family.SESSIONS, Keys.ofLong(1))).isNull();
    }

    try (WardenStore reopened = WardenStore.open(location)) {
      assertThat(StoreContents.state(reopened)).isEmpty();
      assertThat(reopened.applied()).isEqualTo(AppliedPosition.NONE);
    }
  }

  @Test
  void commitWithAnEmptyBatchStillAdvancesTheAppliedPosition() {
    Path location = dir.resolve("store");
    try (WardenStore store = WardenStore.open(location);
         StoreBatch nothing = store.newBatch()) {
      store.commit(nothing, new AppliedPosition(4, 12));
    }

    try (WardenStore reopened = WardenStore.open(location)) {
      assertThat(reopened.applied()).isEqualTo(new AppliedPosition(4, 12));
    }
  }

  @Test
  void storeWrittenByANewerSchemaIsRefusedNamingTheDirectoryAndTheRemedy() throws RocksDBException {
    Path location = dir.resolve("store");
    writeSchemaVersion(location, WardenStore.SCHEMA_VERSION + 1);

    assertThatThrownBy(() -> WardenStore.open(location))
        .isInstanceOf(StoreSchemaException.class)
        .hasMessageContaining(location.toString())
        .hasMessageContaining("schema " + (WardenStore.SCHEMA_VERSION + 1))
        .hasMessageContaining("run a newer");
  }

  @Test
  void refusingANewerSchemaReleasesTheDirectory() throws RocksDBException {
    Path location = dir.resolve("store");
    writeSchemaVersion(location, WardenStore.SCHEMA_VERSION + 1);
    assertThatThrownBy(() -> WardenStore.open(location)).isInstanceOf(StoreSchemaException.class);

    // Were the refused store left open, RocksDB's lock on the directory would make this fail.
    writeSchemaVersion(location, WardenStore.SCHEMA_VERSION);
    try (WardenStore store = WardenStore.open(location)) {
      assertThat(store.get(Family.META, SCHEMA_KEY)).isEqualTo(schemaBytes(WardenStore.SCHEMA_VERSION));
    }
  }

  @Test
  void storeWrittenByAnOlderSchemaOpensAndIsMarkedWithThisOneSoOlderBinariesRefuseIt() throws RocksDBException {
    Path location = dir.resolve("store");
    writeSchemaVersion(location, WardenStore.SCHEMA_VERSION - 1);

    try (WardenStore store = WardenStore.open(location)) {
      assertThat(store.get(Family.META, SCHEMA_KEY)).isEqualTo(schemaBytes(WardenStore.SCHEMA_VERSION));
    }
    try (WardenStore reopened = WardenStore.open(location)) {
      assertThat(reopened.get(Family.META, SCHEMA_KEY)).isEqualTo(schemaBytes(WardenStore.SCHEMA_VERSION));
    }
  }

  @Test
  void openingAStoreThatIsAlreadyOpenFailsNamingTheDirectory() {
    Path location = dir.resolve("store");
    try (WardenStore first = WardenStore.open(location)) {
      assertThatThrownBy(() -> WardenStore.open(location))
          .isInstanceOf(StoreException.class)
          .isNotInstanceOf(StoreSchemaException.class)
          .hasMessageContaining(location.toString());
      assertThat(first.applied()).isEqualTo(AppliedPosition.NONE);
    }
  }

  @Test
  void checkpointOpensAsAStoreWithTheSameContentAndAppliedPosition() {
    Path checkpoint = dir.resolve("checkpoint");
    List<String> content;
    try (WardenStore store = WardenStore.open(dir.resolve("store"))) {
      commit(store, new AppliedPosition(2, 9), Family.SESSIONS, Keys.ofLong(9), ofString("nine"));
      commit(store, new AppliedPosition(2, 10), Family.PARTITIONS, Keys.ofLong(0), ofString("p0"));
      content = StoreContents.all(store);
      store.checkpoint(checkpoint);
    }

    try (WardenStore copy = WardenStore.open(checkpoint)) {
      assertThat(copy.applied()).isEqualTo(new AppliedPosition(2, 10));
      assertThat(StoreContents.all(copy)).isEqualTo(content).isNotEmpty();
    }
  }

  @Test
  void checkpointIsNotChangedByLaterCommitsToTheStore() {
    Path checkpoint = dir.resolve("checkpoint");
    try (WardenStore store = WardenStore.open(dir.resolve("store"))) {
      commit(store, new AppliedPosition(1, 1), Family.SESSIONS, Keys.ofLong(1), ofString("before"));
      store.checkpoint(checkpoint);
      commit(store, new AppliedPosition(1, 2), Family.SESSIONS, Keys.ofLong(1), ofString("after"));

      try (WardenStore copy = WardenStore.open(checkpoint)) {
        assertThat(copy.applied()).isEqualTo(new AppliedPosition(1, 1));
        assertThat(copy.get(Family.SESSIONS, Keys.ofLong(1))).isEqualTo(ofString("before"));
      }
    }
  }

  @Test
  void checkpointIntoAnExistingDirectoryFailsNamingTheTarget() {
    Path checkpoint = dir.resolve("checkpoint");
    try (WardenStore store = WardenStore.open(dir.resolve("store"))) {
      store.checkpoint(checkpoint);
      assertThatThrownBy(() -> store.checkpoint(checkpoint))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(checkpoint.toString());
    }
  }

  private static void commit(WardenStore store, AppliedPosition position, Family family, byte[] key, byte[] value) {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(family, key, value);
      store.commit(batch, position);
    }
  }

  /** Plants the {@code meta} schema key the way a server of that schema would have written it. */
  private static void writeSchemaVersion(Path location, int version) throws RocksDBException {
    RawRocks.put(location, Family.META, SCHEMA_KEY, schemaBytes(version));
  }

  private static byte[] schemaBytes(int version) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(version).array();
  }
}
