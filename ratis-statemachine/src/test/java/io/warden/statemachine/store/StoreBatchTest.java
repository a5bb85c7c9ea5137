package io.warden.statemachine.store;

import static io.warden.statemachine.store.Keys.ofString;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch reads its own staged writes over the store; the store sees none of them before commit. */
class StoreBatchTest {
  @TempDir Path dir;
  WardenStore store;

  @BeforeEach
  void openStoreHoldingAAndC() {
    store = WardenStore.open(dir.resolve("store"));
    try (StoreBatch batch = store.newBatch()) {
      batch.put(Family.LOCKS, ofString("a"), ofString("a0"));
      batch.put(Family.LOCKS, ofString("c"), ofString("c0"));
      store.commit(batch, new AppliedPosition(1, 1));
    }
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void getSeesAStagedPut() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(Family.LOCKS, ofString("b"), ofString("b1"));

      assertThat(batch.get(Family.LOCKS, ofString("b"))).isEqualTo(ofString("b1"));
    }
  }

  @Test
  void getSeesTheLastOfSeveralStagedPutsToOneKey() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(Family.LOCKS, ofString("a"), ofString("a1"));
      batch.put(Family.LOCKS, ofString("a"), ofString("a2"));

      assertThat(batch.get(Family.LOCKS, ofString("a"))).isEqualTo(ofString("a2"));
    }
  }

  @Test
  void getSeesAStagedDeleteOfAStoredKey() {
    try (StoreBatch batch = store.newBatch()) {
      batch.delete(Family.LOCKS, ofString("a"));

      assertThat(batch.get(Family.LOCKS, ofString("a"))).isNull();
    }
  }

  @Test
  void getFallsThroughToTheStoreForKeysTheBatchDidNotTouch() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(Family.LOCKS, ofString("b"), ofString("b1"));

      assertThat(batch.get(Family.LOCKS, ofString("c"))).isEqualTo(ofString("c0"));
    }
  }

  @Test
  void stagedWritesStayInTheirFamily() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(Family.MEMBERS, ofString("a"), ofString("member"));

      assertThat(batch.get(Family.LOCKS, ofString("a"))).isEqualTo(ofString("a0"));
      assertThat(batch.get(Family.MEMBERS, ofString("a"))).isEqualTo(ofString("member"));
    }
  }

  @Test
  void forEachMergesStagedPutsAndDeletesWithTheStoreInKeyOrder() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(Family.LOCKS, ofString("d"), ofString("d1"));
      batch.put(Family.LOCKS, ofString("b"), ofString("b1"));
      batch.put(Family.LOCKS, ofString("a"), ofString("a1"));
      batch.delete(Family.LOCKS, ofString("c"));

      assertThat(scan(batch, Family.LOCKS)).containsExactly(
          Map.entry("a", "a1"), Map.entry("b", "b1"), Map.entry("d", "d1"));
    }
  }

  @Test
  void forEachOfABatchThatDeletesEverythingSeesNothing() {
    try (StoreBatch batch = store.newBatch()) {
      batch.delete(Family.LOCKS, ofString("a"));
      batch.delete(Family.LOCKS, ofString("c"));

      assertThat(scan(batch, Family.LOCKS)).isEmpty();
    }
  }

  @Test
  void anyMatchSeesStagedWritesAndStopsAtTheFirstMatch() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(Family.LOCKS, ofString("b"), ofString("b1"));
      batch.delete(Family.LOCKS, ofString("c"));
      List<String> visited = new ArrayList<>();

      assertThat(batch.anyMatch(Family.LOCKS, (key, value) -> {
        visited.add(Keys.toString(key));
        return Keys.toString(value).equals("b1");
      })).isTrue();
      assertThat(visited).containsExactly("a", "b");
      assertThat(batch.anyMatch(Family.LOCKS, (key, value) -> Keys.toString(value).equals("c0"))).isFalse();
      assertThat(store.anyMatch(Family.LOCKS, (key, value) -> Keys.toString(value).equals("c0"))).isTrue();
    }
  }

  @Test
  void stagedWritesAreInvisibleToTheStoreUntilCommit() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(Family.LOCKS, ofString("b"), ofString("b1"));
      batch.delete(Family.LOCKS, ofString("c"));

      assertThat(store.get(Family.LOCKS, ofString("b"))).isNull();
      assertThat(store.get(Family.LOCKS, ofString("c"))).isEqualTo(ofString("c0"));
      assertThat(scan(store, Family.LOCKS)).containsExactly(Map.entry("a", "a0"), Map.entry("c", "c0"));

      store.commit(batch, new AppliedPosition(1, 2));

      assertThat(scan(store, Family.LOCKS)).containsExactly(Map.entry("a", "a0"), Map.entry("b", "b1"));
    }
  }

  @Test
  void oneBatchDoesNotSeeAnotherUncommittedBatch() {
    try (StoreBatch first = store.newBatch();
         StoreBatch second = store.newBatch()) {
      first.put(Family.LOCKS, ofString("b"), ofString("b1"));

      assertThat(second.get(Family.LOCKS, ofString("b"))).isNull();
    }
  }

  private static List<Map.Entry<String, String>> scan(StoreReader reader, Family family) {
    Map<String, String> seen = new LinkedHashMap<>();
    reader.forEach(family, (key, value) -> seen.put(Keys.toString(key), Keys.toString(value)));
    return new ArrayList<>(seen.entrySet());
  }
}
