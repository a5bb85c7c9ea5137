package io.warden.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.GetServerStatus;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.ListSessionsRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.Role;
import io.warden.server.WardenServer;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.RawClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client protocol on the wire, against a real three-server cluster. */
class WireProtocolTest {
  @TempDir static Path dir;
  static LocalCluster cluster;
  static WardenServer leader;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(dir, 3);
    leader = cluster.awaitLeader();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static Response createSession(RawClient client, long ttlMillis) {
    return client.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
        .setTtlMillis(ttlMillis).setOwner("wire-test")));
  }

  private static int sessionCount(RawClient client) {
    return client.call(ClientMessage.newBuilder().setListSessions(ListSessionsRequest.getDefaultInstance()))
        .getListSessions().getSessionsCount();
  }

  @Test
  void sessionIdIsTheLogIndexOfItsCreation() {
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      Response first = createSession(client, 5_000);
      Response second = createSession(client, 5_000);
      assertThat(first.hasCreateSession()).as(first.toString()).isTrue();
      assertThat(second.getCreateSession().getSessionId()).isGreaterThan(first.getCreateSession().getSessionId());
      assertThat(leader.stateMachine().appliedIndex()).isGreaterThanOrEqualTo(second.getCreateSession().getSessionId());
    }
  }

  @Test
  void followerRedirectsToTheLeader() {
    WardenServer follower = cluster.followers().get(0);
    try (RawClient client = RawClient.connect(follower.clientAddress())) {
      Response response = createSession(client, 5_000);
      assertThat(response.getError().getCode()).isEqualTo(ErrorCode.NOT_LEADER);
      assertThat(response.getError().getLeaderHint().getId()).isEqualTo(leader.id());
      assertThat(response.getError().getLeaderHint().getClientAddress())
          .isEqualTo(cluster.config(leader.id()).self().client().toString());
    }
  }

  @Test
  void anyServerAnswersStatus() {
    WardenServer follower = cluster.followers().get(0);
    try (RawClient client = RawClient.connect(follower.clientAddress())) {
      Response response = client.call(ClientMessage.newBuilder().setGetServerStatus(GetServerStatus.getDefaultInstance()));
      assertThat(response.getServerStatus().getRole()).isEqualTo(Role.FOLLOWER);
      assertThat(response.getServerStatus().getLeaderId()).isEqualTo(leader.id());
      assertThat(response.getServerStatus().getPeersCount()).isEqualTo(3);
    }
  }

  @Test
  void ttlOutOfRangeIsRefusedAndChangesNothing() {
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      int before = sessionCount(client);
      for (long ttl : new long[] {0, -5, 999, 3_600_001, Long.MAX_VALUE}) {
        Response response = createSession(client, ttl);
        assertThat(response.getError().getCode()).as("ttl %d", ttl).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(response.getError().getMessage()).contains("out of range");
      }
      assertThat(sessionCount(client)).isEqualTo(before);
    }
  }

  @Test
  void keepAliveOfAnUnknownSessionSaysSoAndChangesNothing() {
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      int before = sessionCount(client);
      Response response = client.call(ClientMessage.newBuilder()
          .setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(987_654_321L)));
      assertThat(response.getKeepAlive().getUnknownList()).containsExactly(987_654_321L);
      assertThat(response.getKeepAlive().getRenewedList()).isEmpty();
      assertThat(sessionCount(client)).isEqualTo(before);
    }
  }

  @Test
  void keepAliveRenewsALiveSession() {
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      long id = createSession(client, 5_000).getCreateSession().getSessionId();
      Response response = client.call(ClientMessage.newBuilder().setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(id)));
      assertThat(response.getKeepAlive().getRenewedList()).containsExactly(id);
    }
  }

  @Test
  void malformedFrameIsAnsweredAndTheConnectionStaysUsable() {
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      client.writeFrame(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
      Response error = client.awaitResponse(0);
      assertThat(error.getError().getCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
      assertThat(createSession(client, 5_000).hasCreateSession()).isTrue();
    }
  }

  @Test
  void oversizeFrameIsRefusedAndTheConnectionStaysUsable() {
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      client.writeFrame(new byte[FrameCodec.MAX_FRAME_BYTES + 1]);
      Response error = client.awaitResponse(0);
      assertThat(error.getError().getCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
      assertThat(error.getError().getMessage()).contains("longer than");
      assertThat(createSession(client, 5_000).hasCreateSession()).isTrue();
    }
  }

  @Test
  void writesBeforeHelloAreRefused() {
    try (RawClient client = new RawClient(leader.clientAddress())) {
      Response response = createSession(client, 5_000);
      assertThat(response.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(response.getError().getMessage()).contains("Hello");
    }
  }
}
