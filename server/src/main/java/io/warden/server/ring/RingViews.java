package io.warden.server.ring;

import io.warden.protocol.client.MemberInfo;
import io.warden.protocol.client.PartitionInfo;
import io.warden.protocol.command.MemberRecord;
import io.warden.protocol.command.PartitionRecord;
import io.warden.protocol.command.PartitionState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stored ring records as clients see them. */
final class RingViews {
  private RingViews() {}

  static PartitionInfo partition(PartitionRecord record) {
    PartitionInfo.Builder info = PartitionInfo.newBuilder()
        .setPartition(record.getPartition())
        .setOwner(record.getOwner())
        .setToken(record.getToken())
        .setState(record.getState())
        .addAllReplicas(record.getTargetReplicasList());
    if (record.getState() == PartitionState.HANDOFF && record.getTargetReplicasCount() > 0) {
      info.setHandoffTo(record.getTargetReplicas(0));
    }
    return info.build();
  }

  static MemberInfo member(MemberRecord record, int owned) {
    return MemberInfo.newBuilder()
        .setNodeId(record.getNodeId())
        .setAddress(record.getAddress())
        .setZone(record.getZone())
        .setWeight(record.getWeight())
        .setSessionId(record.getSessionId())
        .setJoinedIndex(record.getJoinedIndex())
        .setState(record.getState())
        .setOwned(owned)
        .build();
  }

  /** How many partitions each node owns now. */
  static Map<String, Integer> ownedCounts(List<PartitionRecord> partitions) {
    Map<String, Integer> counts = new TreeMap<>();
    for (PartitionRecord record : partitions) {
      if (!record.getOwner().isEmpty()) {
        counts.merge(record.getOwner(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
