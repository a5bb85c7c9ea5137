package io.warden.server.raft;

import io.warden.protocol.client.Role;
import java.util.List;
import java.util.OptionalLong;

/**
 * What this server knows, at one instant, about its contact with the rest of its Raft group:
 * the facts a health check judges, read from Ratis without any log entry or network round.
 *
 * @param role                     this server's Raft role
 * @param voter                    whether this server is a voting member of the current configuration
 * @param voters                   how many voting members the current configuration has
 * @param leaderId                 the leader this server knows of, or null
 * @param leaderReady              this server leads and has applied its first entry of the term
 * @param sinceLeaderContactMillis on a follower, the time since the leader's last RPC reached it
 * @param sinceFollowerReplyMillis on the leader, for each voting follower, the time since its last reply
 */
public record GroupContact(
    Role role,
    boolean voter,
    int voters,
    String leaderId,
    boolean leaderReady,
    OptionalLong sinceLeaderContactMillis,
    List<Long> sinceFollowerReplyMillis) {

  public GroupContact {
    sinceFollowerReplyMillis = List.copyOf(sinceFollowerReplyMillis);
  }
}
