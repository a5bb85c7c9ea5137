package io.warden.server.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.warden.protocol.client.Role;
import io.warden.server.raft.GroupContact;
import io.warden.server.raft.RaftNode;
import java.time.Duration;

/**
 * {@code GET /health}: is this server able to take part in the quorum now? Answered from what
 * Raft already knows (no log entry, no network round per probe), so probes cost nothing:
 * <ul>
 *   <li>it is a voting member of the group's current configuration, and</li>
 *   <li>a follower: it knows a leader whose last RPC reached it within {@code recent};</li>
 *   <li>the leader: it is ready (its first entry of the term applied) and a majority of the voters,
 *       itself included, answered it within {@code recent}.</li>
 * </ul>
 * A candidate, or a server with no leader, is unavailable. {@code recent} is three maximum
 * election timeouts: a follower that has not heard from its leader for one timeout already starts
 * an election, so three leave room for a slow heartbeat but not for a lost leader.
 */
public final class HealthCheck {
  /**
   * The answer, as JSON.
   *
   * @param status {@code ok} or {@code unavailable}
   * @param reason why unavailable (absent when ok)
   */
  public record Health(String status, String reason, String id, String role, String leader, long term) {
    @JsonIgnore
    public boolean ok() {
      return "ok".equals(status);
    }
  }

  private final RaftNode raft;
  private final String nodeId;
  private final long recentMillis;

  /** @param recent how recent the last contact with the leader (or a majority) must be */
  public HealthCheck(RaftNode raft, String nodeId, Duration recent) {
    this.raft = raft;
    this.nodeId = nodeId;
    this.recentMillis = recent.toMillis();
  }

  public Health check() {
    GroupContact contact;
    long term;
    try {
      contact = raft.contact();
      term = raft.currentTerm();
    } catch (RuntimeException e) {
      return new Health("unavailable", "Raft is not running here: " + e.getMessage(), nodeId, null, null, 0);
    }
    String reason = problem(contact, term);
    return new Health(reason == null ? "ok" : "unavailable", reason, nodeId, contact.role().name(), contact.leaderId(), term);
  }

  /** Why this server cannot serve, or null when it can. */
  private String problem(GroupContact contact, long term) {
    if (!contact.voter()) {
      return "not a voting member of the group's current configuration";
    }
    Role role = contact.role();
    if (role == Role.LEADER) {
      if (!contact.leaderReady()) {
        return "leader of term " + term + " but not ready yet (applying its first entry of the term)";
      }
      long answered = contact.sinceFollowerReplyMillis().stream().filter(ms -> ms <= recentMillis).count();
      int majority = contact.voters() / 2 + 1;
      if (answered + 1 < majority) {
        return "leader without a majority: " + answered + " of " + (contact.voters() - 1)
            + " followers answered within " + recentMillis + " ms";
      }
      return null;
    }
    if (role == Role.CANDIDATE) {
      return "no leader: election in progress (candidate in term " + term + ")";
    }
    if (contact.leaderId() == null) {
      return "no leader known: no majority reachable from here, or an election under way";
    }
    long since = contact.sinceLeaderContactMillis().orElse(Long.MAX_VALUE);
    if (since > recentMillis) {
      return "no contact with leader " + contact.leaderId() + " for "
          + (since == Long.MAX_VALUE ? "ever" : since + " ms") + " (limit " + recentMillis + " ms)";
    }
    return null;
  }

  /** The HTTP answer: 200 when ok, 503 otherwise. */
  AdminReply reply() {
    Health health = check();
    return AdminReply.json(health.ok() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, health);
  }
}
