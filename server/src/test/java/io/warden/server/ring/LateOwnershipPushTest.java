package io.warden.server.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.ring.Membership;
import io.warden.client.ring.MembershipListener;
import io.warden.server.WardenServer;
import io.warden.server.config.RingSettings;
import io.warden.server.testing.LocalCluster;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.ratis.StateMachineListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server the session's requests have moved away from keeps its connection and its binding, and
 * pushes what it applies: after it catches up, seconds late, the grants of a membership that has
 * since left. A node that joined again under the same session must not take them (chaos seed
 * 20261127: partitions served by two nodes for a millisecond, with their tokens out of order).
 */
class LateOwnershipPushTest {
  private static final int P = 8;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  LocalCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = LocalCluster.start(dir, 3, config -> config.withRing(new RingSettings(P, 0.1, 3)));
    cluster.awaitLeader();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void aNodeThatJoinedAgainIgnoresTheLateGrantsOfItsEarlierMembership() throws Exception {
    WardenServer lagging = cluster.awaitLeader();
    try (WardenClient nodeClient = WardenClient.connect(cluster.endpoints());
         WardenClient otherClient = WardenClient.connect(cluster.endpoints())) {
      // Both sessions are created on `lagging` while it leads, so it routes their events to the
      // clients' connections to it, and keeps doing so after it has stopped leading.
      WardenSession session = nodeClient.createSession(Duration.ofSeconds(30), "node-a");
      WardenSession other = otherClient.createSession(Duration.ofSeconds(30), "node-b");
      Node b = new Node();
      other.join("b", "b:9000", "z2", 1, b);
      await().atMost(WAIT).until(() -> b.serving.size() == P);

      String next = cluster.followers().get(0).id();
      nodeClient.admin().transferLeadership(next);
      await().atMost(WAIT).until(() -> cluster.awaitLeader().id().equals(next));
      ApplyStall stall = new ApplyStall();
      lagging.stateMachine().addListener(stall);
      otherClient.createSession(Duration.ofSeconds(30), "an entry to stall at").close();
      assertThat(stall.stalled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      // While `lagging` applies nothing: a joins with weight 3 and takes 3/4 of the ring from b,
      // leaves (giving it all back), and joins again under the same session with weight 1, so
      // some of the partitions it gave back are b's for good.
      Node firstJoin = new Node();
      Membership first = session.join("a", "a:9000", "z1", 3, firstJoin);
      await().atMost(WAIT).until(() -> firstJoin.serving.size() == 3 * P / 4);
      Map<Integer, Long> givenBack = Map.copyOf(firstJoin.serving);
      assertThat(first.leave(WAIT.toMillis())).isTrue();
      await().atMost(WAIT).until(() -> b.serving.size() == P);
      Node secondJoin = new Node();
      Membership second = session.join("a", "a:9000", "z1", 1, secondJoin);
      await().atMost(WAIT).until(() -> secondJoin.serving.size() == P / 2 && b.serving.size() == P / 2);
      List<Grant> secondGrants = List.copyOf(secondJoin.acquired);
      assertThat(givenBack.keySet()).as("partitions a gave back that b now owns")
          .containsAnyElementsOf(b.serving.keySet());

      // `lagging` catches up and pushes the first membership's grants and releases, then leads
      // again: the second membership's leave is pushed on the same connection after them, so once
      // that is done, every late push has been heard.
      stall.release.countDown();
      long caughtUp = cluster.awaitLeader().stateMachine().appliedIndex();
      await().atMost(WAIT).until(() -> lagging.stateMachine().appliedIndex() >= caughtUp);
      nodeClient.admin().transferLeadership(lagging.id());
      await().atMost(WAIT).until(() -> cluster.awaitLeader().id().equals(lagging.id()));
      assertThat(second.leave(WAIT.toMillis())).isTrue();

      assertThat(secondJoin.acquired).as("grants heard by the second membership").isEqualTo(secondGrants);
      assertThat(secondGrants).allSatisfy(grant -> assertThat(grant.token())
          .isGreaterThan(givenBack.getOrDefault(grant.partition(), 0L)));
    }
  }

  record Grant(int partition, long token) {}

  /** Serves what it is given and acknowledges every release at once. */
  static final class Node implements MembershipListener {
    final Map<Integer, Long> serving = new ConcurrentHashMap<>();
    final List<Grant> acquired = new CopyOnWriteArrayList<>();

    @Override
    public void onAcquire(int partition, long token) {
      serving.put(partition, token);
      acquired.add(new Grant(partition, token));
    }

    @Override
    public void onRelease(int partition, ReleaseAck ack) {
      serving.remove(partition);
      ack.ack();
    }
  }

  /** Holds the apply thread of one server at the next entry, after its events were pushed. */
  static final class ApplyStall implements StateMachineListener {
    final CountDownLatch stalled = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onApplied(long index, List<ApplyEvent> events) {
      if (stalled.getCount() > 0) {
        stalled.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
