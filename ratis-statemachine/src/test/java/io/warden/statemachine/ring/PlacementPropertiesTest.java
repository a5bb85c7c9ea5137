package io.warden.statemachine.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.statemachine.ring.History.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Placement properties over random member sets and random join/leave histories (see
 * {@link History}): 1..100 members, weights 1..4, 1..3 zones, P = 1024, ε = 0.1, R = 3. One seed
 * per case, so a failure is reproduced by its seed.
 */
class PlacementPropertiesTest {

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 30);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void noMemberEverOwnsMoreThanItsLoadBound(long seed) {
    History history = History.of(seed);
    for (Step step : history.steps()) {
      SortedMap<String, Integer> bounds = history.placer().loadBounds(step.members());
      step.after().ownedCounts().forEach((node, owned) ->
          assertThat(owned).as("%s owns %d with %d members", node, owned, step.members().size())
              .isLessThanOrEqualTo(bounds.get(node)));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyPartitionListsRMembersAsReplicasOrEveryMemberIfFewer(long seed) {
    for (Step step : History.of(seed).steps()) {
      Set<String> ids = ids(step.members());
      int listSize = Math.min(Placer.DEFAULT_REPLICAS, ids.size());
      List<PartitionAssignment> malformed = step.after().assignments().stream()
          .filter(assignment -> assignment.replicas().size() != listSize || !ids.containsAll(assignment.replicas()))
          .toList();

      assertThat(malformed).as("lists of %d replicas among %d members", listSize, ids.size()).isEmpty();
    }
  }

  /** Observed, and what the movement guarantee of {@link Placer} is proven from. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyMemberOwnsItsShareRoundedDownOrUp(long seed) {
    for (Step step : History.of(seed).steps()) {
      long total = step.members().stream().mapToLong(Member::weight).sum();
      Map<String, Integer> owned = step.after().ownedCounts();
      for (Member member : step.members()) {
        long share = (long) Placer.DEFAULT_PARTITIONS * member.weight();
        long floor = share / total;
        long ceiling = floor + (share % total == 0 ? 0 : 1);
        assertThat((long) owned.getOrDefault(member.nodeId(), 0)).as("%s of %d members", member, step.members().size())
            .isBetween(floor, ceiling);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aJoinMovesAtMostOnePointOneTimesTheJoinersShare(long seed) {
    for (Step step : History.of(seed).steps()) {
      if (step.joined() != null) {
        long total = step.members().stream().mapToLong(Member::weight).sum();
        double minimum = (double) Placer.DEFAULT_PARTITIONS * step.joined().weight() / total;

        assertThat((double) step.after().ownerChangesFrom(step.before()))
            .as("%s joining %d members", step.joined(), step.members().size() - 1)
            .isLessThanOrEqualTo(1.1 * minimum);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aLeaveMovesAtMostOnePointOneTimesTheLeaversPartitions(long seed) {
    for (Step step : History.of(seed).steps()) {
      if (step.left() != null) {
        int minimum = step.before().ownedBy(step.left().nodeId()).size();

        assertThat((double) step.after().ownerChangesFrom(step.before()))
            .as("%s leaving %d members", step.left(), step.members().size() + 1)
            .isLessThanOrEqualTo(1.1 * minimum);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theMemberOrderNeverMatters(long seed) {
    History history = History.of(seed);
    Placer placer = history.placer();
    SplittableRandom random = new SplittableRandom(seed);
    for (Step step : history.sampled()) {
      List<Member> shuffled = new ArrayList<>(step.members());
      Collections.shuffle(shuffled, new Random(random.nextLong()));

      assertThat(placer.place(step.before(), shuffled)).isEqualTo(step.after());
      assertThat(placer.place(step.before(), new HashSet<>(shuffled))).isEqualTo(step.after());
      assertThat(placer.place(shuffled)).isEqualTo(placer.place(step.members()));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theSameInputsGiveTheSamePlacementOnAnotherPlacer(long seed) {
    Placer another = new Placer(Placer.DEFAULT_PARTITIONS, Placer.DEFAULT_EPSILON, Placer.DEFAULT_REPLICAS);
    for (Step step : History.of(seed).sampled()) {
      assertThat(another.place(step.before(), step.members())).isEqualTo(step.after());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void placingTheSameMembersAgainChangesNothing(long seed) {
    History history = History.of(seed);
    for (Step step : history.sampled()) {
      assertThat(history.placer().place(step.after(), step.members())).isEqualTo(step.after());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void replicasAreInDistinctZonesWhenThereAreEnoughZonesElseCoverEveryZone(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Member> members = new RandomMembers(random, 1 + random.nextInt(4)).next(1 + random.nextInt(History.MAX_MEMBERS));

    assertZoneSpread(members, Placer.withDefaults().place(members));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void replicasKeepTheirZoneSpreadThroughJoinsAndLeaves(long seed) {
    for (Step step : History.of(seed).steps()) {
      assertZoneSpread(step.members(), step.after());
    }
  }

  private static void assertZoneSpread(List<Member> members, Placement placement) {
    Map<String, String> zoneOf = new TreeMap<>();
    members.forEach(member -> zoneOf.put(member.nodeId(), member.zone()));
    Set<String> allZones = new TreeSet<>(zoneOf.values());
    int listSize = Math.min(Placer.DEFAULT_REPLICAS, members.size());
    Set<String> expected = allZones.size() >= listSize ? null : allZones;
    List<PartitionAssignment> badlySpread = placement.assignments().stream().filter(assignment -> {
      Set<String> replicaZones = new TreeSet<>();
      assignment.replicas().forEach(node -> replicaZones.add(zoneOf.get(node)));
      return expected == null ? replicaZones.size() != listSize : !replicaZones.equals(expected);
    }).toList();

    assertThat(badlySpread).as("lists of %d replicas over zones %s", listSize, allZones).isEmpty();
  }

  private static Set<String> ids(List<Member> members) {
    Set<String> ids = new TreeSet<>();
    members.forEach(member -> ids.add(member.nodeId()));
    return ids;
  }
}
