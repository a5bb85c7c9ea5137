package io.warden.client.ring;

import java.util.List;

/**
 * The whole ring as the leader knows it now (a linearizable read).
 *
 * @param epoch the log index of the last membership change
 * @param partitions P; 0 until the first data node joined
 * @param assignments every partition, in order
 * @param members every member, by node id
 * @param index the log index this description reflects
 */
public record RingDescription(long epoch, int partitions, List<PartitionOwner> assignments, List<RingMember> members,
                              long index) {
  public RingDescription {
    assignments = List.copyOf(assignments);
    members = List.copyOf(members);
  }
}
