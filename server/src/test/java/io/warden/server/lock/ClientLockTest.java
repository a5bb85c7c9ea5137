package io.warden.server.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.warden.client.SessionState;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.lock.LockGrant;
import io.warden.client.lock.LockMode;
import io.warden.client.lock.LockTimeoutException;
import io.warden.client.lock.WardenLock;
import io.warden.server.WardenServer;
import io.warden.server.testing.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks through the client library against a real three-server cluster. */
class ClientLockTest {
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

  /** Endpoint lists that start at different servers, so the clients enter through all three. */
  private static String endpointsStartingAt(int i) {
    List<String> endpoints = new ArrayList<>(List.of(cluster.endpoints().split(",")));
    Collections.rotate(endpoints, -i);
    return String.join(",", endpoints);
  }

  @Test
  void sixteenThreadsNeverHoldTheLockTogetherAndTokensIncreaseInGrantOrder() throws Exception {
    int threads = 16;
    int cyclesEach = 15;
    AtomicBoolean held = new AtomicBoolean();
    AtomicInteger violations = new AtomicInteger();
    List<Long> tokensInGrantOrder = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<WardenClient> clients = new ArrayList<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        WardenClient client = WardenClient.connect(endpointsStartingAt(t % 3));
        clients.add(client);
        done.add(pool.submit(() -> {
          try (WardenSession session = client.createSession(Duration.ofSeconds(10))) {
            WardenLock lock = session.lock("mutex/16");
            for (int i = 0; i < cyclesEach; i++) {
              try (LockGrant grant = lock.acquire(Duration.ofSeconds(60))) {
                if (!held.compareAndSet(false, true)) {
                  violations.incrementAndGet();
                }
                tokensInGrantOrder.add(grant.token());
                held.set(false);
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(3, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(WardenClient::close);
    }
    assertThat(violations).hasValue(0);
    assertThat(tokensInGrantOrder).hasSize(threads * cyclesEach);
    assertThat(tokensInGrantOrder).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void timedAcquireGivesUpAndLeavesNoWaiter() {
    try (WardenClient client = WardenClient.connect(cluster.endpoints());
         WardenSession holder = client.createSession(Duration.ofSeconds(10));
         WardenSession other = client.createSession(Duration.ofSeconds(10));
         LockGrant grant = holder.lock("timed").acquire()) {
      assertThatThrownBy(() -> other.lock("timed").acquire(Duration.ofMillis(500)))
          .isInstanceOf(LockTimeoutException.class);
      assertThat(client.describeLock("timed").orElseThrow().waiters()).isEmpty();
      assertThat(grant.isValid()).isTrue();
    }
  }

  @Test
  void tryAcquireDoesNotWaitAndAsyncCancelWithdrawsTheWaiter() throws Exception {
    try (WardenClient client = WardenClient.connect(cluster.endpoints());
         WardenSession holder = client.createSession(Duration.ofSeconds(10));
         WardenSession other = client.createSession(Duration.ofSeconds(10));
         LockGrant grant = holder.lock("async").acquire()) {
      assertThat(other.lock("async").tryAcquire()).isEmpty();
      CompletableFuture<LockGrant> waiting = other.lock("async").acquireAsync();
      await().atMost(Duration.ofSeconds(10)).until(() -> client.describeLock("async").orElseThrow().waiters().size() == 1);
      waiting.cancel(true);
      await().atMost(Duration.ofSeconds(10)).until(() -> client.describeLock("async").orElseThrow().waiters().isEmpty());
      grant.close();
      assertThat(client.describeLock("async")).isEmpty();
    }
  }

  @Test
  void sharedGrantsCoexistAndAnExclusiveWaitsForThem() throws Exception {
    try (WardenClient client = WardenClient.connect(cluster.endpoints());
         WardenSession a = client.createSession(Duration.ofSeconds(10));
         WardenSession b = client.createSession(Duration.ofSeconds(10));
         WardenSession c = client.createSession(Duration.ofSeconds(10))) {
      LockGrant readA = a.lock("rw", LockMode.SHARED).acquire();
      LockGrant readB = b.lock("rw", LockMode.SHARED).acquire();
      CompletableFuture<LockGrant> write = c.lock("rw", LockMode.EXCLUSIVE).acquireAsync();
      await().atMost(Duration.ofSeconds(10)).until(() -> client.describeLock("rw").orElseThrow().waiters().size() == 1);
      assertThat(write).isNotDone();
      readA.close();
      readB.close();
      LockGrant exclusive = write.get(10, TimeUnit.SECONDS);
      assertThat(exclusive.token()).isGreaterThan(Math.max(readA.token(), readB.token()));
      exclusive.close();
    }
  }

  @Test
  void waitersAreGrantedInOrderAfterTheLeaderIsKilledWhileTheyWait() throws Exception {
    try (LocalCluster own = LocalCluster.start(dir.resolve("failover"), 3)) {
      WardenServer leader = own.awaitLeader();
      try (WardenClient client = WardenClient.connect(own.endpoints())) {
        WardenSession holder = client.createSession(Duration.ofSeconds(10));
        LockGrant grant = holder.lock("failover").acquire();
        List<CompletableFuture<LockGrant>> waiters = new ArrayList<>();
        List<WardenSession> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          WardenSession s = client.createSession(Duration.ofSeconds(10));
          sessions.add(s);
          waiters.add(s.lock("failover").acquireAsync());
          int queued = i + 1;
          await().atMost(Duration.ofSeconds(10)).until(() -> client.describeLock("failover").orElseThrow().waiters().size() == queued);
        }
        own.stopServer(leader.id());
        own.awaitLeader();
        assertThat(client.describeLock("failover").orElseThrow().holders().get(0).token())
            .as("the holder keeps its grant and token").isEqualTo(grant.token());
        assertThat(grant.isValid()).isTrue();

        grant.close();
        long previous = grant.token();
        for (CompletableFuture<LockGrant> waiter : waiters) {
          LockGrant next = waiter.get(20, TimeUnit.SECONDS);
          assertThat(next.token()).isGreaterThan(previous);
          previous = next.token();
          next.close();
        }
        assertThat(sessions).allSatisfy(s -> assertThat(s.state()).isNotEqualTo(SessionState.EXPIRED));
        assertThat(client.describeLock("failover")).isEmpty();
      }
    }
  }
}
