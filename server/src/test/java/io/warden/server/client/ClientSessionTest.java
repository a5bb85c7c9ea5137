package io.warden.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.warden.client.InvalidArgumentException;
import io.warden.client.SessionInfo;
import io.warden.client.SessionState;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.server.WardenServer;
import io.warden.server.testing.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client library's sessions against a real cluster: keepalives, failover, expiry, close. */
class ClientSessionTest {
  @TempDir Path dir;

  @Test
  void sessionsStayConnectedThroughTheLossOfTheLeader() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3);
         WardenClient client = WardenClient.builder().endpoints(cluster.endpoints()).build()) {
      WardenServer leader = cluster.awaitLeader();
      List<SessionState> seen = new CopyOnWriteArrayList<>();
      List<WardenSession> sessions = List.of(
          client.createSession(Duration.ofSeconds(3), "failover-a"),
          client.createSession(Duration.ofSeconds(3), "failover-b"));
      sessions.forEach(s -> s.addListener((session, from, to) -> seen.add(to)));

      cluster.stopServer(leader.id());
      WardenServer newLeader = cluster.awaitLeader();
      // For three TTLs on the new leader (only keepalives it confirmed can keep them that long)
      // both sessions stay valid the whole time.
      await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(12)).until(() ->
          !seen.contains(SessionState.EXPIRED) && sessions.stream().allMatch(WardenSession::isValid));
      assertThat(sessions).allSatisfy(s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED));
      assertThat(newLeader.leases().remainingNanos(sessions.get(0).id())).isPresent();
      assertThat(client.listSessions()).extracting(SessionInfo::id)
          .containsAll(sessions.stream().map(WardenSession::id).toList());
    }
  }

  @Test
  void closedSessionIsGoneFromTheClusterAndExpiredLocally() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3);
         WardenClient client = WardenClient.builder().endpoints(cluster.endpoints()).build()) {
      cluster.awaitLeader();
      WardenSession session = client.createSession(Duration.ofSeconds(10), "closing");
      List<SessionState> seen = new CopyOnWriteArrayList<>();
      session.addListener((s, from, to) -> seen.add(to));
      session.close();
      assertThat(session.state()).isEqualTo(SessionState.EXPIRED);
      assertThat(session.isValid()).isFalse();
      assertThat(client.listSessions()).extracting(SessionInfo::id).doesNotContain(session.id());
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(SessionState.EXPIRED));
    }
  }

  @Test
  void ttlOutOfRangeIsATypedErrorThatSaysWhatIsAllowed() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3);
         WardenClient client = WardenClient.builder().endpoints(cluster.endpoints()).build()) {
      cluster.awaitLeader();
      assertThatThrownBy(() -> client.createSession(Duration.ofMillis(10), "too-short"))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("out of range");
      assertThatThrownBy(() -> client.createSession(Duration.ofHours(2), "too-long"))
          .isInstanceOf(InvalidArgumentException.class);
      assertThat(client.listSessions()).isEmpty();
    }
  }

  @Test
  void leaderDeadlineIsAlwaysLaterThanTheClientsOwn() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3);
         WardenClient client = WardenClient.builder().endpoints(cluster.endpoints()).build()) {
      WardenServer leader = cluster.awaitLeader();
      WardenSession session = client.createSession(Duration.ofSeconds(2), "deadlines");
      // Sampled throughout several keepalive rounds.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
        long clientDeadline = session.deadlineNanos();
        long serverDeadline = System.nanoTime() + leader.leases().remainingNanos(session.id()).orElseThrow();
        return serverDeadline > clientDeadline;
      });
    }
  }
}
