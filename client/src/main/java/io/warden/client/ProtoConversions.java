package io.warden.client;

import io.warden.protocol.client.ListSessionsReply;
import io.warden.protocol.client.Role;
import io.warden.protocol.client.ServerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Turns protocol messages into the client's public value types. */
final class ProtoConversions {

  private ProtoConversions() {}

  static ServerInfo serverInfo(ServerStatus status) {
    List<PeerInfo> peers =
        status.getPeersList().stream()
            .map(
                p ->
                    new PeerInfo(
                        p.getId(), p.getRaftAddress(), p.getClientAddress(), p.getAdminAddress()))
            .toList();
    return new ServerInfo(
        status.getId(),
        roleName(status.getRole()),
        status.getTerm(),
        status.getLeaderId().isEmpty() ? null : status.getLeaderId(),
        status.getCommitIndex(),
        status.getAppliedIndex(),
        status.getSnapshotIndex(),
        status.getClientAddress(),
        status.getAdminAddress(),
        status.getClusterId(),
        peers);
  }

  static List<SessionInfo> sessionInfos(ListSessionsReply reply) {
    return reply.getSessionsList().stream()
        .map(
            s ->
                new SessionInfo(
                    s.getId(),
                    s.getOwner(),
                    Duration.ofMillis(s.getTtlMillis()),
                    Duration.ofMillis(Math.max(0, s.getRemainingMillis())),
                    s.getCreatedIndex(),
                    Instant.ofEpochMilli(s.getCreatedMillis())))
        .toList();
  }

  private static String roleName(Role role) {
    return switch (role) {
      case LEADER, FOLLOWER, CANDIDATE, LISTENER -> role.name();
      case ROLE_UNSPECIFIED, UNRECOGNIZED -> "UNKNOWN";
    };
  }
}
