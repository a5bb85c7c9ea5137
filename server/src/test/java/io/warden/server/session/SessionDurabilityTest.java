package io.warden.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CloseSessionRequest;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.ListSessionsRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.command.SessionRecord;
import io.warden.server.WardenServer;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.RawClient;
import io.warden.statemachine.session.SessionTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions survive leader changes and restarts; a lagging follower catches up by snapshot. */
class SessionDurabilityTest {
  @TempDir Path dir;

  private static long create(RawClient client, long ttlMillis) {
    Response response = client.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
        .setTtlMillis(ttlMillis).setOwner("durability")));
    assertThat(response.hasCreateSession()).as(response.toString()).isTrue();
    return response.getCreateSession().getSessionId();
  }

  private static List<Long> ids(WardenServer server) {
    return server.stateMachine().read(SessionTable::all).stream().map(SessionRecord::getId).toList();
  }

  @Test
  void sessionsSurviveTheLossOfTheLeaderAndKeepalivesReachTheNewOne() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3)) {
      WardenServer oldLeader = cluster.awaitLeader();
      List<Long> sessions = new ArrayList<>();
      try (RawClient client = RawClient.connect(oldLeader.clientAddress())) {
        for (int i = 0; i < 5; i++) {
          sessions.add(create(client, 3_000));
        }
      }
      cluster.stopServer(oldLeader.id());
      WardenServer newLeader = cluster.awaitLeader();
      assertThat(newLeader.id()).isNotEqualTo(oldLeader.id());

      try (RawClient client = RawClient.connect(newLeader.clientAddress())) {
        // Keep them alive for twice their TTL on the new leader: every keepalive renews all five.
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
            .until(() -> client.call(ClientMessage.newBuilder()
                .setKeepAlive(KeepAliveRequest.newBuilder().addAllSessionIds(sessions)))
                .getKeepAlive().getRenewedList().equals(sessions));
        List<Long> listed = client.call(ClientMessage.newBuilder().setListSessions(ListSessionsRequest.getDefaultInstance()))
            .getListSessions().getSessionsList().stream().map(s -> s.getId()).toList();
        assertThat(listed).containsAll(sessions);
      }
    }
  }

  @Test
  void sessionsSurviveRestartingOneServerAndThenAllThree() {
    List<Long> sessions = new ArrayList<>();
    LocalCluster cluster = LocalCluster.start(dir, 3);
    try {
      WardenServer leader = cluster.awaitLeader();
      try (RawClient client = RawClient.connect(leader.clientAddress())) {
        for (int i = 0; i < 10; i++) {
          sessions.add(create(client, 60_000));
        }
      }
      String follower = cluster.followers().get(0).id();
      cluster.stopServer(follower);
      cluster.startServer(follower);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ids(cluster.server(follower))).containsAll(sessions));

      for (WardenServer server : cluster.servers()) {
        cluster.stopServer(server.id());
      }
      List.of("n1", "n2", "n3").parallelStream().forEach(cluster::startServer);
      WardenServer restarted = cluster.awaitLeader();
      try (RawClient client = RawClient.connect(restarted.clientAddress())) {
        List<Long> listed = client.call(ClientMessage.newBuilder().setListSessions(ListSessionsRequest.getDefaultInstance()))
            .getListSessions().getSessionsList().stream().map(s -> s.getId()).toList();
        assertThat(listed).containsAll(sessions);
      }
    } finally {
      cluster.close();
    }
  }

  @Test
  void followerBehindAPurgedLogCatchesUpBySnapshot() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3, c -> c.withSnapshots(40, 8 * 1024))) {
      WardenServer leader = cluster.awaitLeader();
      String lagging = cluster.followers().get(0).id();
      long stoppedAt = cluster.server(lagging).stateMachine().appliedIndex();
      cluster.stopServer(lagging);

      try (RawClient client = RawClient.connect(leader.clientAddress())) {
        for (int i = 0; i < 300; i++) {
          long id = create(client, 60_000);
          if (i % 3 == 0) {
            client.call(ClientMessage.newBuilder().setCloseSession(CloseSessionRequest.newBuilder().setSessionId(id)));
          }
        }
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> leader.raft().division().getRaftLog().getStartIndex() > stoppedAt + 1);

      WardenServer follower = cluster.startServer(lagging);
      long target = leader.stateMachine().appliedIndex();
      await().atMost(Duration.ofSeconds(30)).until(() -> follower.stateMachine().appliedIndex() >= target);
      assertThat(follower.stateMachine().getLatestSnapshot().getIndex()).isGreaterThan(stoppedAt);
      assertThat(ids(follower)).containsExactlyElementsOf(ids(leader));
    }
  }
}
