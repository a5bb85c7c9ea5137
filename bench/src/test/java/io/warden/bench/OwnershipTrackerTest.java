package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OwnershipTrackerTest {
  private final OwnershipTracker tracker = new OwnershipTracker();

  @Test
  void awaitReturnsWhenTheNodesServeTheTargetAtTheLastCallbacksTime() throws Exception {
    tracker.acquired("a", 0);
    tracker.acquired("a", 1);
    CompletableFuture<Long> settled = CompletableFuture.supplyAsync(() -> {
      try {
        return tracker.awaitServing(Map.of(0, "a", 1, "b"), Duration.ofSeconds(30).toNanos());
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    tracker.released("a", 1);
    long beforeLast = System.nanoTime();
    tracker.acquired("b", 1);
    long at = settled.get(30, TimeUnit.SECONDS);

    assertThat(at).isBetween(beforeLast, System.nanoTime());
    assertThat(tracker.acquires()).isEqualTo(3);
    assertThat(tracker.overlaps()).isZero();
  }

  @Test
  void aGrantOfAPartitionAnotherNodeServesIsAnOverlap() {
    tracker.acquired("a", 7);
    tracker.acquired("b", 7);
    assertThat(tracker.overlaps()).isEqualTo(1);
    assertThat(tracker.serving()).containsExactly(Map.entry(7, "b"));
  }

  @Test
  void aReleaseByANodeThatNoLongerServesChangesNothing() {
    tracker.acquired("b", 3);
    tracker.released("a", 3);
    assertThat(tracker.serving()).containsExactly(Map.entry(3, "b"));
  }

  @Test
  void awaitGivesUpAfterTheTimeout() throws InterruptedException {
    tracker.acquired("a", 0);
    assertThat(tracker.awaitServing(Map.of(0, "b"), Duration.ofMillis(20).toNanos())).isEqualTo(-1);
  }
}
