package io.warden.server.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.ring.RingView;
import io.warden.server.config.RingSettings;
import io.warden.server.testing.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ring view opened while the ring has no data nodes (P is not fixed yet) fills in once the first
 * node joins: the change that lays the ring out carries P.
 */
class RingViewBeforeFirstJoinTest {
  private static final int P = 32;

  @TempDir Path dir;

  @Test
  void aViewOpenedBeforeTheFirstJoinLearnsTheRing() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3, c -> c.withRing(new RingSettings(P, 0.1, 3)));
         WardenClient router = WardenClient.connect(cluster.endpoints());
         WardenClient dataNode = WardenClient.connect(cluster.endpoints())) {
      RingView ring = router.ring();
      assertThat(ring.partitions()).isZero();
      assertThat(ring.ownerOf("user/42")).isEmpty();

      WardenSession session = dataNode.createSession(Duration.ofSeconds(30), "node-a");
      ClientRingTest.Node node = new ClientRingTest.Node();
      session.join("a", "a:9000", "z1", 1, node);

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(ring.partitions()).isEqualTo(P);
        assertThat(ring.ownerOf("user/42")).contains("a");
      });
      assertThat(node.serving).hasSize(P);
    }
  }
}
