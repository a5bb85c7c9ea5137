package io.warden.server.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.server.testing.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linearizable reads are confirmed by the next leadership marker without waiting out the marker
 * interval that paces keepalive confirmations.
 */
class LeadershipConfirmationTest {
  private static final Duration SLOW_MARKERS = Duration.ofSeconds(3);

  @TempDir Path dir;

  @Test
  void readsDoNotWaitOutTheMarkerInterval() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(dir, 3, c -> c.withMarkerInterval(SLOW_MARKERS));
         WardenClient client = WardenClient.builder().endpoints(cluster.endpoints()).build();
         WardenSession session = client.createSession(Duration.ofSeconds(10))) {
      session.lock("confirm/a").acquire();
      client.describeLock("confirm/a"); // a marker has just been proposed: the interval runs

      long started = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        assertThat(client.describeLock("confirm/a")).hasValueSatisfying(
            lock -> assertThat(lock.holders()).hasSize(1));
      }
      // Paced by the interval, five reads would take at least 5 × 3 s; prompt, they take a few
      // commits. The bound is generous for a loaded machine and still far below the interval.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SLOW_MARKERS);
    }
  }
}
