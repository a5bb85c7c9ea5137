package io.warden.server.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.server.testing.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read lease of {@link LeadershipConfirmer} on a real three-server cluster: within it a read
 * needs no marker, a transfer or configuration change ends it, and a zero lease means a marker per
 * read batch. Election timeouts of 2–4 s make the lease 1 s, so a loaded machine does not let it
 * run out between two lines of a test.
 */
class ReadLeaseTest {
  private static final Duration MIN_ELECTION = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void aReadRightAfterACommittedMarkerNeedsNoMarkerOfItsOwn() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(dir, 3, c -> c.withElectionTimeout(MIN_ELECTION, MIN_ELECTION.multipliedBy(2)))) {
      LeadershipConfirmer confirmer = cluster.awaitLeader().confirmer();
      confirmer.confirmPromptly().get(10, TimeUnit.SECONDS);
      long markers = confirmer.markersProposed();

      CompletableFuture<Void> read = confirmer.confirmPromptly();

      assertThat(read).isDone();
      assertThat(confirmer.leaseConfirmations()).isEqualTo(1);
      assertThat(confirmer.markersProposed()).isEqualTo(markers);
    }
  }

  @Test
  void noLeaseWhileATransferRunsNorFromMarkersProposedDuringIt() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(dir, 3, c -> c.withElectionTimeout(MIN_ELECTION, MIN_ELECTION.multipliedBy(2)))) {
      LeadershipConfirmer confirmer = cluster.awaitLeader().confirmer();
      confirmer.confirmPromptly().get(10, TimeUnit.SECONDS);
      CompletableFuture<String> transfer = new CompletableFuture<>();
      CompletableFuture<String> running = confirmer.withoutLease(() -> transfer);

      long markers = confirmer.markersProposed();
      confirmer.confirmPromptly().get(10, TimeUnit.SECONDS);
      confirmer.confirmPromptly().get(10, TimeUnit.SECONDS);
      assertThat(confirmer.markersProposed()).isEqualTo(markers + 2);
      assertThat(confirmer.leaseConfirmations()).isZero();

      transfer.complete("done");
      assertThat(running).isCompletedWithValue("done");
      confirmer.confirmPromptly().get(10, TimeUnit.SECONDS); // a marker proposed after: a lease again
      assertThat(confirmer.confirmPromptly()).isDone();
      assertThat(confirmer.leaseConfirmations()).isEqualTo(1);
    }
  }

  @Test
  void aZeroLeaseProposesAMarkerForEveryReadBatch() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(dir, 3, c -> c.withReadLease(Duration.ZERO))) {
      LeadershipConfirmer confirmer = cluster.awaitLeader().confirmer();
      confirmer.confirmPromptly().get(10, TimeUnit.SECONDS);
      long markers = confirmer.markersProposed();

      confirmer.confirmPromptly().get(10, TimeUnit.SECONDS);
      confirmer.confirmPromptly().get(10, TimeUnit.SECONDS);

      assertThat(confirmer.markersProposed()).isEqualTo(markers + 2);
      assertThat(confirmer.leaseConfirmations()).isZero();
    }
  }
}
