package io.warden.client.ring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For one session: the highest token of each partition this client has seen the session hold or
 * give back. A partition's tokens only grow, so a grant at or below the floor is a late copy and
 * must not make the node an owner again.
 *
 * <p>It belongs to the session, not to one {@link Membership}: a node that leaves and joins again
 * under the same session gets a new membership, and the copies that still arrive late are of the
 * grants the old one gave back. Late copies are real: the client keeps a connection to every server
 * it talked to, and a follower that the session's requests have moved away from still pushes what
 * it applies — after catching up from a partition, seconds late (chaos seed 20261127: a rejoined
 * node took a grant it had released, for partitions owned by another node since).
 */
final class TokenFloor {
  private final Map<Integer, Long> highest = new ConcurrentHashMap<>();

  /**
   * Raises the floor of {@code partition} to {@code token}.
   *
   * @return true if {@code token} was above the floor: a grant this session has not seen before
   */
  boolean raise(int partition, long token) {
    boolean[] raised = new boolean[1];
    highest.compute(partition, (p, floor) -> {
      if (floor != null && floor >= token) {
        return floor;
      }
      raised[0] = true;
      return token;
    });
    return raised[0];
  }
}
