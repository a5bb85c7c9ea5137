package io.warden.server.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.ring.Membership;
import io.warden.client.ring.MembershipListener;
import io.warden.client.ring.PartitionOwner;
import io.warden.client.ring.ReadConsistency;
import io.warden.client.ring.RingView;
import io.warden.protocol.ring.PartitionHash;
import io.warden.server.config.RingSettings;
import io.warden.server.testing.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client library's ring membership and ring view against a real three-server cluster (DESIGN §7). */
class ClientRingTest {
  private static final int P = 64;

  @TempDir static Path dir;
  static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(dir, 3, config -> config.withRing(new RingSettings(P, 0.1, 3)));
    cluster.awaitLeader();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  /** Serves what it is given, acknowledges every release at once, and records it all. */
  static final class Node implements MembershipListener {
    final Map<Integer, Long> serving = new ConcurrentHashMap<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onAcquire(int partition, long token) {
      serving.put(partition, token);
      events.add("acquire " + partition + " " + token);
    }

    @Override
    public void onRelease(int partition, ReleaseAck ack) {
      serving.remove(partition);
      events.add("release " + partition);
      ack.ack();
    }
  }

  @Test
  void dataNodesShareThePartitionsAndTheViewAgreesWithTheLeader() {
    try (WardenClient first = WardenClient.connect(cluster.endpoints());
         WardenClient second = WardenClient.connect(cluster.endpoints());
         WardenClient reader = WardenClient.connect(cluster.endpoints())) {
      WardenSession s1 = first.createSession(Duration.ofSeconds(30), "node-a");
      WardenSession s2 = second.createSession(Duration.ofSeconds(30), "node-b");
      Node a = new Node();
      Node b = new Node();
      Membership ma = s1.join("a", "a:9000", "z1", 1, a);
      await().atMost(Duration.ofSeconds(10)).until(() -> a.serving.size() == P);
      Membership mb = s2.join("b", "b:9000", "z2", 1, b);
      await().atMost(Duration.ofSeconds(20)).until(() -> a.serving.size() + b.serving.size() == P
          && !b.serving.isEmpty() && ma.ownedPartitions().size() == a.serving.size());
      assertThat(a.serving.keySet()).doesNotContainAnyElementsOf(b.serving.keySet());
      assertThat(mb.ownedPartitions()).isEqualTo(new java.util.TreeMap<>(b.serving));

      RingView ring = reader.ring();
      assertThat(ring.partitions()).isEqualTo(P);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        for (int i = 0; i < 200; i++) {
          String key = "key-" + i;
          int partition = PartitionHash.partition(key, P);
          assertThat(ring.partitionOf(key)).isEqualTo(partition);
          String expected = a.serving.containsKey(partition) ? "a" : "b";
          assertThat(ring.ownerOf(key)).contains(expected);
        }
      });
      PartitionOwner linearizable = ring.ownerOf("key-1", ReadConsistency.LINEARIZABLE);
      assertThat(linearizable.owner()).isEqualTo(ring.ownerOf("key-1").orElseThrow());
      assertThat(linearizable.token()).isEqualTo(
          (linearizable.owner().equals("a") ? a : b).serving.get(linearizable.partition()));
      assertThat(ring.replicasOf("key-1")).containsExactlyInAnyOrder("a", "b");

      List<Long> epochs = new CopyOnWriteArrayList<>();
      ring.addEpochListener(epochs::add);
      long before = ring.epoch();
      assertThat(mb.leave(10_000)).isTrue();
      assertThat(b.serving).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> a.serving.size() == P);
      await().atMost(Duration.ofSeconds(10)).until(() -> !epochs.isEmpty());
      assertThat(epochs.get(0)).isGreaterThan(before);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(
          () -> assertThat(ring.ownerOf("key-1")).contains("a"));
    }
  }

  @Test
  void localOwnerOfAnswersWellUnderAMicrosecond() {
    try (WardenClient node = WardenClient.connect(cluster.endpoints());
         WardenClient reader = WardenClient.connect(cluster.endpoints())) {
      WardenSession session = node.createSession(Duration.ofSeconds(30), "node-e");
      Node e = new Node();
      session.join("e", "e:9000", "z1", 1, e);
      RingView ring = reader.ring();
      await().atMost(Duration.ofSeconds(10)).until(() -> ring.ownerOf("warm-up").isPresent());
      String[] keys = new String[4096];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = "user-" + i;
      }
      int found = 0;
      for (int round = 0; round < 200; round++) {  // warm-up: let the JIT compile the path
        for (String key : keys) {
          found += ring.ownerOf(key).isPresent() ? 1 : 0;
        }
      }
      int lookups = 2_000_000;
      long start = System.nanoTime();
      for (int i = 0; i < lookups; i++) {
        found += ring.ownerOf(keys[i & (keys.length - 1)]).isPresent() ? 1 : 0;
      }
      double nanosPerLookup = (System.nanoTime() - start) / (double) lookups;
      System.out.printf("local ownerOf: %.1f ns per lookup%n", nanosPerLookup);
      assertThat(found).isPositive();
      assertThat(nanosPerLookup).isLessThan(1_000);
    }
  }

  @Test
  void aClosedSessionHandsItsPartitionsOverAtOnce() {
    try (WardenClient first = WardenClient.connect(cluster.endpoints());
         WardenClient second = WardenClient.connect(cluster.endpoints())) {
      WardenSession s1 = first.createSession(Duration.ofSeconds(30), "node-c");
      Node c = new Node();
      s1.join("c", "c:9000", "z1", 1, c);
      WardenSession s2 = second.createSession(Duration.ofSeconds(30), "node-d");
      Node d = new Node();
      s2.join("d", "d:9000", "z2", 1, d);
      await().atMost(Duration.ofSeconds(20)).until(() -> c.serving.size() + d.serving.size() == P
          && !c.serving.isEmpty() && !d.serving.isEmpty());

      s2.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> c.serving.size() == P);
      assertThat(d.serving).isEmpty();
      List<String> acquires = new ArrayList<>(c.events);
      assertThat(acquires).anyMatch(e -> e.startsWith("acquire"));
    }
  }
}
