package io.warden.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.DescribeLockRequest;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.Response;
import io.warden.server.testing.RawClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader cut off from the others cannot extend any session: here it is paused (SIGSTOP) past
 * the session's TTL while the other two elect a new leader and expire the session, then resumed
 * with a keepalive waiting in its socket. It still believes it leads when it reads it, and must
 * not acknowledge it. Likewise a linearizable read waiting in its socket must not be answered from
 * its stale state: its read lease ran out while it was paused.
 */
@ExtendWith(ServerLogsOnFailure.class)
class PausedLeaderIT {
  @TempDir Path dir;

  @Test
  void deposedLeaderCannotRenewASession() {
    try (ProcessQuorum quorum = new ProcessQuorum(dir)) {
      Roles roles = Roles.started(quorum);
      String leader = roles.leader();
      String[] others = roles.others();

      try (RawClient client = roles.connectToLeader()) {
        long session = client.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
            .setTtlMillis(2_000).setOwner("paused-leader-test"))).getCreateSession().getSessionId();
        Response renewed = client.call(ClientMessage.newBuilder().setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(session)));
        assertThat(renewed.getKeepAlive().getRenewedList()).containsExactly(session);

        quorum.signal(leader, "STOP");
        String newLeader = quorum.awaitLeader(others);
        assertThat(newLeader).isNotEqualTo(leader);
        await("the session expires on the new leader").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
            .until(() -> !sessionIds(quorum, others).contains(session));

        // Queue a keepalive at the paused leader, then let it run.
        long requestId = 1_000;
        client.writeFrame(ClientMessage.newBuilder().setRequestId(requestId)
            .setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(session)).build().toByteArray());
        quorum.signal(leader, "CONT");
        Response answer = client.awaitResponse(requestId);
        assertThat(answer.getKeepAlive().getRenewedList()).as("answer: %s", answer).isEmpty();
        assertThat(sessionIds(quorum, others)).doesNotContain(session);
      }
    }
  }

  @Test
  void deposedLeaderAnswersNoStaleRead() throws Exception {
    try (ProcessQuorum quorum = new ProcessQuorum(dir)) {
      Roles roles = Roles.started(quorum);
      String leader = roles.leader();
      String[] others = roles.others();

      try (RawClient reader = roles.connectToLeader()) {
        // A read through the leader now: it has a fresh lease and sees the lock free.
        Response before = reader.call(ClientMessage.newBuilder().setDescribeLock(
            DescribeLockRequest.newBuilder().setName("paused/read")));
        assertThat(before.getDescribeLock().hasLock()).as("answer: %s", before).isFalse();

        quorum.signal(leader, "STOP");
        String newLeader = quorum.awaitLeader(others);
        assertThat(newLeader).isNotEqualTo(leader);
        try (WardenClient client = WardenClient.connect(quorum.endpoints(others));
             WardenSession session = client.createSession(Duration.ofSeconds(30))) {
          long token = session.lock("paused/read").acquire().token();

          // Queue a read at the paused leader, then let it run: it must not say the lock is free.
          long requestId = 2_000;
          reader.writeFrame(ClientMessage.newBuilder().setRequestId(requestId)
              .setDescribeLock(DescribeLockRequest.newBuilder().setName("paused/read")).build().toByteArray());
          quorum.signal(leader, "CONT");
          Response answer = reader.awaitResponse(requestId);
          if (answer.hasDescribeLock()) {
            assertThat(answer.getDescribeLock().getLock().getHoldersList()).as("answer: %s", answer)
                .anyMatch(holder -> holder.getToken() == token);
          } else {
            assertThat(answer.hasError()).as("answer: %s", answer).isTrue();
          }
        }
      }
    }
  }

  /** A started quorum's leader and the other two servers. */
  private record Roles(ProcessQuorum quorum, String leader, String[] others) {
    static Roles started(ProcessQuorum quorum) {
      assertThat(quorum.quorum("start").exitCode()).isZero();
      String leader = quorum.awaitLeader();
      return new Roles(quorum, leader,
          List.of("n1", "n2", "n3").stream().filter(id -> !id.equals(leader)).toArray(String[]::new));
    }

    /** A raw protocol connection to the leader, which the test may pause. */
    RawClient connectToLeader() {
      String endpoint = quorum.endpoints(leader);
      int port = Integer.parseInt(endpoint.substring(endpoint.indexOf(':') + 1));
      return RawClient.connect(new InetSocketAddress("127.0.0.1", port));
    }
  }

  private static List<Long> sessionIds(ProcessQuorum quorum, String... endpoints) {
    ProcessQuorum.Result result = quorum.wardenctl(List.of("sessions", "--json", "--command-timeout", "3s"), endpoints);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("wardenctl sessions failed: " + result.stderr());
    }
    return StreamSupport.stream(ProcessQuorum.parse(result.stdout()).get("sessions").spliterator(), false)
        .map(s -> s.get("id").asLong()).toList();
  }
}
