package io.warden.statemachine.ring;

import io.warden.protocol.ring.PartitionHash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Placement by example: the edges, the arithmetic of the bound, and the pinned algorithm. */
class PlacerTest {
  private static final Placer PLACER = Placer.withDefaults();
  private static final List<Member> FIVE = List.of(
      new Member("alpha", "zone-a", 1), new Member("bravo", "zone-a", 2), new Member("charlie", "zone-b", 1),
      new Member("delta", "zone-c", 3), new Member("echo", "zone-b", 1));

  /**
   * The placement is replicated state: a change to the algorithm, its constants or its hashing
   * changes what replaying an old log computes, so it must come with a state machine version.
   */
  @Test
  void theGoldenPlacementOfFiveMembersIsPinned() {
    Placement placement = PLACER.place(FIVE);

    assertThat(placement.ownedCounts()).containsExactlyEntriesOf(new TreeMap<>(
        Map.of("alpha", 128, "bravo", 256, "charlie", 128, "delta", 384, "echo", 128)));
    assertThat(placement.assignment(0).replicas()).containsExactly("delta", "alpha", "echo");
    assertThat(placement.assignment(511).replicas()).containsExactly("alpha", "delta", "charlie");
    assertThat(placement.assignment(1023).replicas()).containsExactly("echo", "alpha", "delta");
    assertThat(fingerprint(placement)).isEqualTo(0x81FC26C385B16D94L);
  }

  @Test
  void oneMemberOwnsEveryPartition() {
    Placement placement = PLACER.place(List.of(new Member("solo", "", 1)));

    assertThat(placement.ownedCounts()).containsExactly(Map.entry("solo", 1024));
    assertThat(placement.assignment(7).replicas()).containsExactly("solo");
  }

  @Test
  void withoutMembersNoPartitionIsOwned() {
    Placement placement = PLACER.place(PLACER.place(FIVE), List.of());

    assertThat(placement).isEqualTo(Placement.unowned(1024));
    assertThat(placement.ownedCounts()).isEmpty();
  }

  @Test
  void replicaListsAreCappedByTheMemberCount() {
    Placement placement = PLACER.place(List.of(new Member("a", "z1", 1), new Member("b", "z1", 1)));

    assertThat(placement.assignments()).allSatisfy(assignment -> assertThat(assignment.replicas()).hasSize(2));
  }

  @Test
  void weightsSplitThePartitionsInProportion() {
    Placement placement = PLACER.place(List.of(new Member("small", "z", 1), new Member("large", "z", 3)));

    assertThat(placement.ownedCounts()).containsEntry("small", 256).containsEntry("large", 768);
  }

  @Test
  void aLeaverHandsOnItsPartitionsAndNoOtherPartitionMoves() {
    Placement before = PLACER.place(FIVE);
    Placement after = PLACER.place(before, FIVE.subList(0, 4));

    for (int p = 0; p < 1024; p++) {
      if (!before.assignment(p).owner().equals("echo")) {
        assertThat(after.assignment(p).owner()).as("partition %d", p).isEqualTo(before.assignment(p).owner());
      }
    }
    assertThat(after.ownerChangesFrom(before)).isEqualTo(128);
  }

  @Test
  void aJoinerTakesItsShareRoundedDownAndOnlyThatMoves() {
    Placement before = PLACER.place(FIVE);
    List<Member> six = new ArrayList<>(FIVE);
    six.add(new Member("foxtrot", "zone-c", 2));
    Placement after = PLACER.place(before, six);

    // 1024 * 2 / 10 = 204.8
    assertThat(after.ownedCounts()).containsEntry("foxtrot", 204);
    assertThat(after.ownerChangesFrom(before)).isEqualTo(204);
  }

  @Test
  void loadBoundsAreComputedExactly() {
    List<Member> ten = RandomMembers.equalWeight(10);

    // 1.1 * 100 / 10 is 11.000000000000002 in doubles; the bound is exactly 11.
    assertThat(new Placer(100, 0.1, 3).loadBounds(ten).values()).containsOnly(11);
    assertThat(new Placer(1024, 0.1, 3).loadBounds(ten).values()).containsOnly(113);
    assertThat(new Placer(1024, 0.0, 3).loadBounds(ten).values()).containsOnly(103);
  }

  @Test
  void withEpsilonZeroEveryMemberStillGetsItsShare() {
    Placer exact = new Placer(1024, 0.0, 3);
    Placement before = exact.place(RandomMembers.equalWeight(3));
    Placement after = exact.place(before, RandomMembers.equalWeight(4));

    assertThat(after.ownedCounts().values()).containsOnly(256);
  }

  @Test
  void moreMembersThanPartitionsLeavesSomeWithNone() {
    Placement placement = new Placer(8, 0.1, 3).place(RandomMembers.equalWeight(20));

    assertThat(placement.ownedCounts()).hasSize(8).allSatisfy((node, owned) -> assertThat(owned).isEqualTo(1));
  }

  @Test
  void twoMembersWithOneNodeIdAreRejected() {
    List<Member> twice = List.of(new Member("a", "z1", 1), new Member("a", "z2", 2));

    assertThatThrownBy(() -> PLACER.place(twice))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node id a appears twice");
  }

  @Test
  void aPreviousPlacementOfAnotherPartitionCountIsRejected() {
    assertThatThrownBy(() -> PLACER.place(Placement.unowned(512), FIVE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512 partitions");
  }

  @Test
  void parametersOutOfRangeAreRejected() {
    assertThatThrownBy(() -> new Placer(0, 0.1, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Placer(1024, -0.1, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Placer(1024, Double.NaN, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Placer(1024, 0.1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Member("", "z", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Member("a", null, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Member("a", "z", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Member("a", "z", Member.MAX_WEIGHT + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPlacementRebuiltFromItsAssignmentsEqualsTheOriginal() {
    Placement placement = PLACER.place(FIVE);

    assertThat(Placement.of(new ArrayList<>(placement.assignments()))).isEqualTo(placement);
    assertThatThrownBy(() -> Placement.of(placement.assignments().subList(1, 1024)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in order");
  }

  private static long fingerprint(Placement placement) {
    StringBuilder text = new StringBuilder();
    placement.assignments().forEach(assignment -> text.append(String.join(",", assignment.replicas())).append(';'));
    return PartitionHash.hash64(text.toString());
  }
}
