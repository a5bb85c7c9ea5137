package io.warden.statemachine.ring;

/**
 * A data node as placement sees it: its id, its failure zone and its relative capacity.
 *
 * <p>Only these three fields influence placement; the address and the session of a member live
 * in the store's {@code members} family and are none of the placer's business.
 *
 * @param nodeId the member's unique id; non-empty
 * @param zone the failure zone (rack, availability zone); the empty string is a zone like any other
 * @param weight relative capacity, {@value #MIN_WEIGHT}..{@value #MAX_WEIGHT}: a member of weight 2
 *     owns twice the partitions of a member of weight 1 and has twice its virtual nodes
 */
public record Member(String nodeId, String zone, int weight) {
  public static final int MIN_WEIGHT = 1;
  /** Bounds the size of the ring (virtual nodes are proportional to weight). */
  public static final int MAX_WEIGHT = 100;

  public Member {
    if (nodeId == null || nodeId.isEmpty()) {
      throw new IllegalArgumentException("a member needs a non-empty node id");
    }
    if (zone == null) {
      throw new IllegalArgumentException("member " + nodeId + " needs a zone (the empty string if it has none)");
    }
    if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("member " + nodeId + " has weight " + weight + ", outside "
          + MIN_WEIGHT + ".." + MAX_WEIGHT);
    }
  }
}
