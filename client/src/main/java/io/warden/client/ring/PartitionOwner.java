package io.warden.client.ring;

import java.util.List;

/**
 * One partition's assignment.
 *
 * @param partition the partition number
 * @param owner the node id that may serve it now; empty when no data node has joined
 * @param token the log index at which {@code owner} got it: stamp writes with it
 * @param handoff true while {@code owner} is handing it to {@code replicas.get(0)}
 * @param replicas the target replica list, target owner first
 * @param epoch the ring epoch of the table this answer comes from
 * @param index the log index this answer reflects
 */
public record PartitionOwner(int partition, String owner, long token, boolean handoff, List<String> replicas,
                             long epoch, long index) {
  public PartitionOwner {
    replicas = List.copyOf(replicas);
  }
}
