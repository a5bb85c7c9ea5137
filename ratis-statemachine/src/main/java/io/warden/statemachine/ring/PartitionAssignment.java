package io.warden.statemachine.ring;

import java.util.List;

/**
 * Who holds one partition: its replica list, owner first. An unowned partition (there are no
 * members) has no replicas.
 *
 * @param partition the partition number
 * @param replicas distinct node ids; {@code replicas.get(0)} is the owner
 */
public record PartitionAssignment(int partition, List<String> replicas) {

  public PartitionAssignment {
    if (partition < 0) {
      throw new IllegalArgumentException("a partition number is never negative, was " + partition);
    }
    replicas = List.copyOf(replicas);
    for (int i = 1; i < replicas.size(); i++) {
      if (replicas.subList(0, i).contains(replicas.get(i))) {
        throw new IllegalArgumentException("partition " + partition + " lists replica " + replicas.get(i) + " twice");
      }
    }
  }

  /** An assignment with no owner. */
  public static PartitionAssignment unowned(int partition) {
    return new PartitionAssignment(partition, List.of());
  }

  public boolean isOwned() {
    return !replicas.isEmpty();
  }

  /** The owner's node id. */
  public String owner() {
    if (replicas.isEmpty()) {
      throw new IllegalStateException("partition " + partition + " has no owner");
    }
    return replicas.get(0);
  }
}
