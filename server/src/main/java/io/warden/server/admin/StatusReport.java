package io.warden.server.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.warden.protocol.client.ServerStatus;
import io.warden.server.metrics.StateCounts;
import io.warden.server.raft.RaftNode;

/**
 * {@code GET /status}: this server's role and indexes (as {@code wardenctl status} shows them)
 * and how much state its store holds. Counts are this replica's applied state, at most a second
 * old; {@code members} and {@code partitions} stay 0 until the ring exists.
 */
public final class StatusReport {
  /** The answer, as JSON. */
  public record Status(String id, String role, long term, String leader, long commitIndex, long appliedIndex,
                       long snapshotIndex, long sessions, long locks, long locksHeld, long waiters,
                       long members, long partitions, long storeBytes) {}

  private final RaftNode raft;
  private final StateCounts counts;

  public StatusReport(RaftNode raft, StateCounts counts) {
    this.raft = raft;
    this.counts = counts;
  }

  public Status status() {
    ServerStatus server = raft.status();
    StateCounts.Counts state = counts.current();
    return new Status(server.getId(), server.getRole().name(), server.getTerm(),
        server.getLeaderId().isEmpty() ? null : server.getLeaderId(),
        server.getCommitIndex(), server.getAppliedIndex(), server.getSnapshotIndex(),
        state.sessions(), state.locks(), state.locksHeld(), state.waiters(), 0, 0, state.storeBytes());
  }

  AdminReply reply() {
    return AdminReply.json(HttpResponseStatus.OK, status());
  }
}
