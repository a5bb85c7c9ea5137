package io.warden.statemachine.ring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable assignment table: for each partition {@code 0..P-1}, its owner and its ordered
 * replica list (owner first). Made by {@link Placer}, or rebuilt from the store with {@link #of}.
 */
public final class Placement {
  private final List<PartitionAssignment> assignments;

  private Placement(List<PartitionAssignment> assignments) {
    this.assignments = assignments;
  }

  /**
   * The placement made of {@code assignments}, which must list partitions {@code 0..P-1} in
   * order, P ≥ 1.
   */
  public static Placement of(List<PartitionAssignment> assignments) {
    if (assignments.isEmpty()) {
      throw new IllegalArgumentException("a placement has at least one partition");
    }
    for (int p = 0; p < assignments.size(); p++) {
      if (assignments.get(p).partition() != p) {
        throw new IllegalArgumentException("assignment " + p + " is for partition "
            + assignments.get(p).partition() + ": a placement lists partitions 0.." + (assignments.size() - 1)
            + " in order");
      }
    }
    return new Placement(List.copyOf(assignments));
  }

  /** {@code partitions} partitions, none of them owned: the placement of an empty ring. */
  public static Placement unowned(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("the partition count must be at least 1, was " + partitions);
    }
    List<PartitionAssignment> assignments = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      assignments.add(PartitionAssignment.unowned(p));
    }
    return new Placement(Collections.unmodifiableList(assignments));
  }

  /** The number of partitions, P. */
  public int partitions() {
    return assignments.size();
  }

  public PartitionAssignment assignment(int partition) {
    return assignments.get(partition);
  }

  /** Every partition's assignment, in partition order. */
  public List<PartitionAssignment> assignments() {
    return assignments;
  }

  /** How many partitions each member owns, by node id; members that own none are absent. */
  public SortedMap<String, Integer> ownedCounts() {
    SortedMap<String, Integer> counts = new TreeMap<>();
    for (PartitionAssignment assignment : assignments) {
      if (assignment.isOwned()) {
        counts.merge(assignment.owner(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The partitions {@code nodeId} owns. */
  public SortedSet<Integer> ownedBy(String nodeId) {
    SortedSet<Integer> owned = new TreeSet<>();
    for (PartitionAssignment assignment : assignments) {
      if (assignment.isOwned() && assignment.owner().equals(nodeId)) {
        owned.add(assignment.partition());
      }
    }
    return owned;
  }

  /**
   * How many partitions have a different owner here than in {@code other} (a partition owned in
   * one and unowned in the other counts): the partitions that moved between the two.
   */
  public int ownerChangesFrom(Placement other) {
    if (other.partitions() != partitions()) {
      throw new IllegalArgumentException("placements of " + other.partitions() + " and " + partitions()
          + " partitions are not comparable");
    }
    int changes = 0;
    for (int p = 0; p < assignments.size(); p++) {
      PartitionAssignment mine = assignments.get(p);
      PartitionAssignment theirs = other.assignments.get(p);
      boolean same = mine.isOwned() ? theirs.isOwned() && mine.owner().equals(theirs.owner()) : !theirs.isOwned();
      if (!same) {
        changes++;
      }
    }
    return changes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Placement other && assignments.equals(other.assignments);
  }

  @Override
  public int hashCode() {
    return assignments.hashCode();
  }

  @Override
  public String toString() {
    return "Placement{partitions=" + partitions() + ", owned=" + ownedCounts() + "}";
  }
}
