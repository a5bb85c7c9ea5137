package io.warden.statemachine.ring;

/**
 * Chooses each partition's replica list: the owner, then members in the order the partition's
 * clockwise walk of the ring meets them, taking first one member from each zone not yet used
 * and only then, if zones run out, further members of used zones.
 *
 * <p>So with at least R zones the R replicas are in R distinct zones; with fewer, every zone holds
 * a replica. Being a walk of the consistent-hashing ring, a membership change alters only the
 * lists whose walk meets the member that joined or left before the list was complete (and those
 * whose owner changed).
 *
 * <p>Keeps scratch arrays between calls: one instance serves one placement, on one thread.
 */
final class ReplicaLists {
  private final Ring ring;
  private final int[] zoneOf;
  private final int size;
  private final int zonesWanted;
  private final int[] seenAt;
  private final int[] chosenAt;
  private final int[] zoneUsedAt;
  private final int[] walkOrder;
  private int stamp;

  /**
   * @param zoneOf each member's zone as an index {@code 0..zoneCount-1}
   * @param replicas the wanted replication factor; lists are capped at the member count
   */
  ReplicaLists(Ring ring, int[] zoneOf, int zoneCount, int replicas) {
    this.ring = ring;
    this.zoneOf = zoneOf;
    this.size = Math.min(replicas, zoneOf.length);
    this.zonesWanted = Math.min(size, zoneCount);
    this.seenAt = new int[zoneOf.length];
    this.chosenAt = new int[zoneOf.length];
    this.zoneUsedAt = new int[zoneCount];
    this.walkOrder = new int[zoneOf.length];
  }

  /** The replica list of {@code partition} owned by {@code owner}, owner first. */
  int[] of(int partition, int owner) {
    stamp++;
    int[] chosen = new int[size];
    chosen[0] = owner;
    int chosenCount = 1;
    seenAt[owner] = stamp;
    zoneUsedAt[zoneOf[owner]] = stamp;
    int zonesUsed = 1;
    int walked = 0;
    int start = ring.start(partition);
    for (int step = 0; step < ring.size() && (zonesUsed < zonesWanted || walked < size - 1); step++) {
      int member = ring.memberAt(start + step);
      if (seenAt[member] == stamp) {
        continue;
      }
      seenAt[member] = stamp;
      walkOrder[walked++] = member;
      if (zonesUsed < zonesWanted && zoneUsedAt[zoneOf[member]] != stamp) {
        zoneUsedAt[zoneOf[member]] = stamp;
        zonesUsed++;
        chosen[chosenCount++] = member;
        chosenAt[member] = stamp;
      }
    }
    for (int i = 0; i < walked && chosenCount < size; i++) {
      if (chosenAt[walkOrder[i]] != stamp) {
        chosen[chosenCount++] = walkOrder[i];
      }
    }
    return chosen;
  }
}
