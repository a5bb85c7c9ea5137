package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebalanceWorkloadTest {
  private final Map<Integer, String> three = Map.of(0, "a", 1, "b", 2, "c", 3, "a");
  private final Map<Integer, String> four = Map.of(0, "d", 1, "b", 2, "c", 3, "a");

  @Test
  void movedCountsPartitionsWhoseOwnerChanged() {
    assertThat(RebalanceWorkload.moved(three, four)).isEqualTo(1);
    assertThat(RebalanceWorkload.moved(three, three)).isZero();
    assertThat(RebalanceWorkload.moved(Map.of(), four)).isEqualTo(4);
  }

  @Test
  void theMinimumIsWhatTheChangingNodeGainsOrLoses() {
    assertThat(RebalanceWorkload.movedMinimum("d", three, four)).isEqualTo(1); // d joined, got one
    assertThat(RebalanceWorkload.movedMinimum("d", four, three)).isEqualTo(1); // d left, gave one back
    assertThat(RebalanceWorkload.movedMinimum("a", three, four)).isEqualTo(2); // a lost one, kept one
  }

  @Test
  void theMedianOfTheRoundsIsTheLowerMiddle() {
    List<RebalanceWorkload.Change> runs = List.of(change(30), change(10), change(20), change(40));
    assertThat(RebalanceWorkload.median(runs, RebalanceWorkload.Change::settleNanos)).isEqualTo(20);
    assertThat(RebalanceWorkload.median(runs.subList(0, 3), RebalanceWorkload.Change::settleNanos)).isEqualTo(20);
    assertThat(RebalanceWorkload.median(List.of(), RebalanceWorkload.Change::settleNanos)).isZero();
  }

  private static RebalanceWorkload.Change change(long settle) {
    return new RebalanceWorkload.Change(1, settle, 1, 0, 0, 0);
  }
}
