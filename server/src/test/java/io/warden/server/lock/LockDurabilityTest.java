package io.warden.server.lock;

import static io.warden.server.lock.LockProtocolTest.acquire;
import static io.warden.server.lock.LockProtocolTest.describe;
import static io.warden.server.lock.LockProtocolTest.nextGrant;
import static io.warden.server.lock.LockProtocolTest.release;
import static io.warden.server.lock.LockProtocolTest.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.AcquireOutcome;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.LockGranted;
import io.warden.protocol.client.LockInfo;
import io.warden.protocol.command.LockMode;
import io.warden.server.WardenServer;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.RawClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held locks, queues and the token sequence survive leader changes and full restarts. */
class LockDurabilityTest {
  @TempDir Path dir;

  @Test
  void leaderLossKeepsGrantsAndQueueAndAGrantMadeWhileAWaiterReconnectsIsResumed() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3)) {
      WardenServer leader = cluster.awaitLeader();
      String name = "durable/failover";
      long sh;
      long sw1;
      long sw2;
      long token;
      try (RawClient holder = RawClient.connect(leader.clientAddress());
           RawClient w1 = RawClient.connect(leader.clientAddress());
           RawClient w2 = RawClient.connect(leader.clientAddress())) {
        sh = session(holder, 30_000);
        sw1 = session(w1, 30_000);
        sw2 = session(w2, 30_000);
        token = acquire(holder, name, sh, LockMode.EXCLUSIVE, true).getToken();
        assertThat(acquire(w1, name, sw1, LockMode.EXCLUSIVE, true).getOutcome()).isEqualTo(AcquireOutcome.QUEUED);
        assertThat(acquire(w2, name, sw2, LockMode.EXCLUSIVE, true).getOutcome()).isEqualTo(AcquireOutcome.QUEUED);
      }
      cluster.stopServer(leader.id());
      WardenServer newLeader = cluster.awaitLeader();

      try (RawClient holder = RawClient.connect(newLeader.clientAddress(), token, List.of(sh))) {
        LockInfo lock = describe(holder, name).getLock();
        assertThat(lock.getHolders(0).getSessionId()).isEqualTo(sh);
        assertThat(lock.getHolders(0).getToken()).as("same grant, same token").isEqualTo(token);
        assertThat(lock.getWaitersList()).extracting(w -> w.getSessionId()).containsExactly(sw1, sw2);
        // The grant to w1 happens while w1 is not connected anywhere.
        assertThat(release(holder, name, sh, token).hasRelease()).isTrue();
      }
      try (RawClient w1 = RawClient.connect(newLeader.clientAddress(), token, List.of(sw1, sw2))) {
        LockGranted resumed = nextGrant(w1);
        assertThat(resumed.getSessionId()).isEqualTo(sw1);
        assertThat(resumed.getToken()).isGreaterThan(token);
        assertThat(release(w1, name, sw1, resumed.getToken()).hasRelease()).isTrue();
        LockGranted next = nextGrant(w1);
        assertThat(next.getSessionId()).as("granted once, in order").isEqualTo(sw2);
        assertThat(next.getToken()).isGreaterThan(resumed.getToken());
      }
    }
  }

  @Test
  void fullRestartKeepsHeldLocksTheQueueAndTheTokenSequence() {
    String name = "durable/restart";
    LocalCluster cluster = LocalCluster.start(dir, 3);
    try {
      WardenServer leader = cluster.awaitLeader();
      long sh;
      long sw;
      long token;
      try (RawClient holder = RawClient.connect(leader.clientAddress()); RawClient waiter = RawClient.connect(leader.clientAddress())) {
        sh = session(holder, 60_000);
        sw = session(waiter, 60_000);
        token = acquire(holder, name, sh, LockMode.EXCLUSIVE, true).getToken();
        assertThat(acquire(waiter, name, sw, LockMode.EXCLUSIVE, true).getOutcome()).isEqualTo(AcquireOutcome.QUEUED);
      }
      for (WardenServer server : cluster.servers()) {
        cluster.stopServer(server.id());
      }
      List.of("n1", "n2", "n3").parallelStream().forEach(cluster::startServer);
      WardenServer restarted = cluster.awaitLeader();
      try (RawClient holder = RawClient.connect(restarted.clientAddress(), token, List.of(sh));
           RawClient waiter = RawClient.connect(restarted.clientAddress(), token, List.of(sw))) {
        // Each client keeps its own session alive (events follow the connection that last did).
        holder.call(ClientMessage.newBuilder().setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(sh)));
        waiter.call(ClientMessage.newBuilder().setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(sw)));
        LockInfo lock = describe(holder, name).getLock();
        assertThat(lock.getHolders(0).getToken()).isEqualTo(token);
        assertThat(lock.getWaitersList()).extracting(w -> w.getSessionId()).containsExactly(sw);
        release(holder, name, sh, token);
        LockGranted granted = nextGrant(waiter);
        assertThat(granted.getToken()).as("tokens keep increasing across a full restart").isGreaterThan(token);
      }
    } finally {
      cluster.close();
    }
  }
}
