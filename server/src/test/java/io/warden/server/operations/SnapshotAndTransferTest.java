package io.warden.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.client.ClusterAdmin;
import io.warden.client.InvalidArgumentException;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.server.WardenServer;
import io.warden.server.testing.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wardenctl snapshot} and {@code leader transfer} through the client's admin API, on three real servers. */
class SnapshotAndTransferTest {
  @TempDir static Path dir;
  static LocalCluster cluster;
  static WardenClient client;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(dir, 3);
    cluster.awaitLeader();
    client = WardenClient.builder().endpoints(cluster.endpoints()).requestTimeout(Duration.ofSeconds(20)).build();
  }

  @AfterAll
  static void stopCluster() {
    client.close();
    cluster.close();
  }

  @Test
  void snapshotHoldsEveryEntryCommittedBeforeTheRequest() {
    try (WardenSession session = client.createSession(Duration.ofSeconds(30))) {
      session.lock("snapshot/a").acquire(Duration.ofSeconds(10)).close();
    }
    WardenServer leader = cluster.awaitLeader();
    long commitSeen = leader.raft().status().getCommitIndex();

    ClusterAdmin.Snapshot snapshot = client.admin().takeSnapshot();

    assertThat(snapshot.index()).isGreaterThanOrEqualTo(commitSeen);
    assertThat(snapshot.index()).isGreaterThanOrEqualTo(snapshot.commitIndex());
    assertThat(snapshot.serverId()).isEqualTo(leader.id());
    assertThat(leader.raft().status().getSnapshotIndex()).isEqualTo(snapshot.index());
  }

  @Test
  void secondSnapshotWithNothingNewAppliedReportsTheSameIndex() {
    ClusterAdmin.Snapshot first = client.admin().takeSnapshot();
    ClusterAdmin.Snapshot second = client.admin().takeSnapshot();
    assertThat(second.index()).isGreaterThanOrEqualTo(first.index());
    assertThat(second.index()).isGreaterThanOrEqualTo(second.commitIndex());
  }

  @Test
  void transferToANamedFollowerMakesItTheLeader() {
    WardenServer leader = cluster.awaitLeader();
    String target = cluster.followers().get(0).id();

    ClusterAdmin.LeaderTransfer transfer = client.admin().transferLeadership(target);

    assertThat(transfer.previousLeader()).isEqualTo(leader.id());
    assertThat(transfer.leader()).isEqualTo(target);
    assertThat(cluster.awaitLeader().id()).isEqualTo(target);
  }

  @Test
  void transferWithoutTargetMovesLeadershipToAnotherServer() {
    String before = cluster.awaitLeader().id();

    ClusterAdmin.LeaderTransfer transfer = client.admin().transferLeadership(null);

    assertThat(transfer.previousLeader()).isEqualTo(before);
    assertThat(transfer.leader()).isNotEqualTo(before);
    assertThat(cluster.awaitLeader().id()).isEqualTo(transfer.leader());
  }

  @Test
  void transferToTheLeaderChangesNothing() {
    String leader = cluster.awaitLeader().id();
    ClusterAdmin.LeaderTransfer transfer = client.admin().transferLeadership(leader);
    assertThat(transfer.leader()).isEqualTo(leader);
    assertThat(transfer.previousLeader()).isEqualTo(leader);
  }

  @Test
  void transferToAnUnknownServerIsRefusedNamingTheMembers() {
    assertThatThrownBy(() -> client.admin().transferLeadership("n9"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("n9 is not a voting member")
        .hasMessageContaining("n1,n2,n3");
  }
}
