package io.warden.client;

import java.util.List;

/**
 * The status one server reports about itself ({@link WardenClient#serverStatus(String)}).
 *
 * @param id the server's id
 * @param role {@code LEADER}, {@code FOLLOWER}, {@code CANDIDATE}, {@code LISTENER}, or {@code
 *     UNKNOWN}
 * @param term its current Raft term
 * @param leaderId the leader it knows of, or {@code null} when it knows none
 * @param commitIndex its commit index
 * @param appliedIndex the last log index its state machine applied
 * @param snapshotIndex the log index of its latest snapshot
 * @param clientAddress host:port of its client endpoint
 * @param adminAddress host:port of its HTTP admin endpoint
 * @param clusterId the cluster (Raft group) id
 * @param peers the group as this server knows it
 */
public record ServerInfo(
    String id,
    String role,
    long term,
    String leaderId,
    long commitIndex,
    long appliedIndex,
    long snapshotIndex,
    String clientAddress,
    String adminAddress,
    String clusterId,
    List<PeerInfo> peers) {

  /** Copies {@code peers} so the record stays immutable. */
  public ServerInfo {
    peers = List.copyOf(peers);
  }

  /** Whether this server was the leader when it answered. */
  public boolean isLeader() {
    return "LEADER".equals(role);
  }
}
