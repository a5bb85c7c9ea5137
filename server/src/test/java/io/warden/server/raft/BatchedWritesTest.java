package io.warden.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.ListSessionsRequest;
import io.warden.protocol.client.Response;
import io.warden.server.WardenServer;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.RawClient;
import io.warden.statemachine.apply.Positions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client writes on a real three-server cluster: many share a Raft entry, and a write re-sent with
 * its request id applies once, on the same leader or on the next one, because the answer is in
 * the replicated call records and not in one server's memory.
 */
class BatchedWritesTest {
  @TempDir static Path dir;
  static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(dir, 3);
    cluster.awaitLeader();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void writesSentTogetherShareEntriesAndEachGetsItsOwnPosition() {
    WardenServer leader = cluster.awaitLeader();
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      long[] ids = LongStream.rangeClosed(1_000, 1_063).toArray();
      for (long id : ids) {
        client.writeFrame(createSession("pipelined").setRequestId(id).build().toByteArray());
      }
      List<Long> sessions = LongStream.of(ids).mapToObj(client::awaitResponse)
          .map(r -> r.getCreateSession().getSessionId()).toList();

      assertThat(sessions).doesNotHaveDuplicates().doesNotContain(0L);
      long entries = sessions.stream().map(Positions::raftIndex).distinct().count();
      assertThat(entries).as("Raft entries carrying 64 writes sent at once").isLessThan(64);
    }
  }

  @Test
  void aWriteReSentWithItsRequestIdIsAnsweredAsTheFirstTime() {
    WardenServer leader = cluster.awaitLeader();
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      Response first = client.call(createSession("once"), 7);

      Response again = client.call(createSession("once"), 7);

      assertThat(again).isEqualTo(first);
      assertThat(sessionsOf(client, "once")).isEqualTo(1);
    }
  }

  @Test
  void aWriteReSentToTheNextLeaderIsAnsweredFromTheReplicatedRecord() throws Exception {
    WardenServer leader = cluster.awaitLeader();
    byte[] clientId;
    Response first;
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      clientId = client.clientId();
      first = client.call(createSession("moved"), 11);
    }
    String next = cluster.followers().get(0).id();
    leader.raft().admin().transferLeadership(next, Duration.ofSeconds(10)).get();
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader().map(s -> s.id().equals(next)).orElse(false));

    try (RawClient client = RawClient.connectAs(cluster.server(next).clientAddress(), clientId)) {
      Response again = client.call(createSession("moved"), 11);

      assertThat(again).isEqualTo(first);
      assertThat(sessionsOf(client, "moved")).isEqualTo(1);
    }
  }

  @Test
  void aClientsLowerAnswersAreForgottenOnceItSaysItHasThem() {
    WardenServer leader = cluster.awaitLeader();
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      client.call(createSession("forgotten"), 21);
      client.call(createSession("later").setFirstUnansweredId(22), 22);

      // The client said it had the answer to 21, so a copy of it is a new write: the rule the
      // client keeps by never sending an id below the mark again.
      client.call(createSession("forgotten"), 21);

      assertThat(sessionsOf(client, "forgotten")).isEqualTo(2);
    }
  }

  private static ClientMessage.Builder createSession(String owner) {
    return ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder().setTtlMillis(30_000).setOwner(owner));
  }

  /** Sessions labelled {@code owner}: each test uses labels of its own, as the cluster is shared. */
  private static long sessionsOf(RawClient client, String owner) {
    return client.call(ClientMessage.newBuilder().setListSessions(ListSessionsRequest.getDefaultInstance()))
        .getListSessions().getSessionsList().stream().filter(s -> s.getOwner().equals(owner)).count();
  }
}
