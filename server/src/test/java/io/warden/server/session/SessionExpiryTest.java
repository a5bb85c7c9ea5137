package io.warden.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.ListSessionsRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.ServerMessage;
import io.warden.server.WardenServer;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.RawClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session whose client falls silent expires after its TTL: never before, and not much after. */
class SessionExpiryTest {
  private static final long TTL_MILLIS = 2_000;

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

  @Test
  void silentSessionExpiresNoEarlierThanTtlAfterItsLastAcknowledgedKeepalive() {
    try (RawClient client = RawClient.connect(leader.clientAddress());
         RawClient observer = RawClient.connect(leader.clientAddress())) {
      long id = client.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
          .setTtlMillis(TTL_MILLIS).setOwner("silent"))).getCreateSession().getSessionId();

      long sentNanos = System.nanoTime();
      Response ack = client.call(ClientMessage.newBuilder().setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(id)));
      assertThat(ack.getKeepAlive().getRenewedList()).containsExactly(id);

      // Just before TTL has run from the keepalive's send time, a linearizable list still has it.
      parkUntil(sentNanos + TimeUnit.MILLISECONDS.toNanos(TTL_MILLIS - 150));
      assertThat(sessionIds(observer)).contains(id);

      ServerMessage pushed = client.nextEvent();
      long expiredAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNanos);
      assertThat(pushed.getEvent().getSessionExpired().getSessionId()).isEqualTo(id);
      assertThat(expiredAfterMillis).isGreaterThanOrEqualTo(TTL_MILLIS);
      // Generous sanity bound: TTL + one expiry check + one commit, with room for a slow machine.
      assertThat(expiredAfterMillis).isLessThan(TTL_MILLIS + 2_000);
      assertThat(sessionIds(observer)).doesNotContain(id);
    }
  }

  @Test
  void keepalivesKeepASessionAliveWellPastItsTtl() {
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      long id = client.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
          .setTtlMillis(TTL_MILLIS).setOwner("chatty"))).getCreateSession().getSessionId();
      long end = System.nanoTime() + Duration.ofMillis(3 * TTL_MILLIS).toNanos();
      while (System.nanoTime() < end) {
        Response ack = client.call(ClientMessage.newBuilder().setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(id)));
        assertThat(ack.getKeepAlive().getRenewedList()).containsExactly(id);
        parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TTL_MILLIS / 5));
      }
      assertThat(sessionIds(client)).contains(id);
    }
  }

  /** Waiting for a point in time is what this test measures, so it parks rather than polls. */
  private static void parkUntil(long deadlineNanos) {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static java.util.List<Long> sessionIds(RawClient client) {
    return client.call(ClientMessage.newBuilder().setListSessions(ListSessionsRequest.getDefaultInstance()))
        .getListSessions().getSessionsList().stream().map(s -> s.getId()).toList();
  }
}
