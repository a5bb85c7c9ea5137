package io.warden.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.warden.client.ClusterAdmin;
import io.warden.client.InvalidArgumentException;
import io.warden.client.PeerInfo;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.lock.LockGrant;
import io.warden.protocol.client.ServerStatus;
import io.warden.server.WardenServer;
import io.warden.server.config.ConfigException;
import io.warden.server.config.PeerConfig;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.LockTraffic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peers add} and {@code peers remove} on a live three-server cluster while clients take
 * locks: replacing a server loses nothing, tokens keep increasing, and the membership record of
 * each data directory follows.
 */
class MembershipChangeTest {
  @TempDir Path dir;

  private static PeerInfo peerOf(PeerConfig config) {
    return new PeerInfo(config.id(), config.raft().toString(), config.client().toString(), config.admin().toString());
  }

  private static List<String> memberIds(ClusterAdmin.Membership membership) {
    return membership.peers().stream().map(PeerInfo::id).toList();
  }

  private static List<String> memberIds(ServerStatus status) {
    return status.getPeersList().stream().map(io.warden.protocol.client.PeerInfo::getId).sorted().toList();
  }

  @Test
  void replacingTheLeaderWithANewServerLosesNoLockAndTokensKeepIncreasing() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(dir, 3);
         WardenClient admin = WardenClient.builder().endpoints(cluster.endpoints())
             .requestTimeout(Duration.ofSeconds(30)).build()) {
      cluster.awaitLeader();
      WardenSession holder = admin.createSession(Duration.ofSeconds(30));
      LockGrant held = holder.lock("held-throughout").acquire(Duration.ofSeconds(10));
      LockTraffic traffic = LockTraffic.start(cluster.endpoints(), 4, 3);
      try {
        traffic.awaitMoreCycles(20);

        WardenServer joining = cluster.startJoiningServer("n4");
        ClusterAdmin.Membership added = admin.admin().addPeer(peerOf(joining.config().self()));
        assertThat(added.changed()).isTrue();
        assertThat(memberIds(added)).containsExactly("n1", "n2", "n3", "n4");
        traffic.awaitMoreCycles(20);

        String removed = cluster.awaitLeader().id();
        ClusterAdmin.Membership afterRemove = admin.admin().removePeer(removed);
        assertThat(afterRemove.changed()).isTrue();
        assertThat(memberIds(afterRemove)).hasSize(3).doesNotContain(removed).contains("n4");
        traffic.awaitMoreCycles(20);

        // n4 caught up: it holds the lock taken before it existed, at the same token.
        await("n4 to apply the held lock").atMost(Duration.ofSeconds(30)).until(() ->
            joining.stateMachine().appliedIndex() >= held.token());
        assertThat(memberIds(joining.raft().status())).containsExactlyElementsOf(memberIds(afterRemove));

        // n4 votes: with the removed server gone, losing one more of the three leaves two, a
        // majority only if n4 counts.
        cluster.stopServer(removed);
        String another = memberIds(afterRemove).stream().filter(id -> !id.equals("n4")).findFirst().orElseThrow();
        cluster.stopServer(another);
        cluster.awaitLeader();
        traffic.awaitMoreCycles(20);
      } finally {
        traffic.close();
      }
      assertThat(traffic.failures()).isEmpty();
      assertThat(traffic.overlaps()).isZero();
      traffic.tokensByName().forEach((name, tokens) ->
          assertThat(tokens).as("tokens of %s in grant order", name).isNotEmpty().isSorted().doesNotHaveDuplicates());
      assertThat(admin.describeLock("held-throughout").orElseThrow().holders().get(0).token())
          .as("the lock held across both changes keeps its grant").isEqualTo(held.token());
      assertThat(held.isValid()).isTrue();
      LockGrant next = admin.createSession(Duration.ofSeconds(30)).lock("after-change").acquire(Duration.ofSeconds(10));
      assertThat(next.token()).isGreaterThan(traffic.tokensByName().values().stream()
          .flatMap(List::stream).mapToLong(Long::longValue).max().orElseThrow());
    }
  }

  /** The README's procedure: remove the dead server, then add its replacement. */
  @Test
  void aFailedServerIsReplacedByRemovingItThenAddingANewOne() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3);
         WardenClient admin = WardenClient.builder().endpoints(cluster.endpoints())
             .requestTimeout(Duration.ofSeconds(30)).build()) {
      String failed = cluster.followers().get(0).id();
      cluster.stopServer(failed);
      WardenSession session = admin.createSession(Duration.ofSeconds(30));
      LockGrant before = session.lock("replace").acquire(Duration.ofSeconds(10));

      assertThat(memberIds(admin.admin().removePeer(failed))).hasSize(2).doesNotContain(failed);
      WardenServer replacement = cluster.startJoiningServer("n4");
      assertThat(memberIds(admin.admin().addPeer(peerOf(replacement.config().self())))).hasSize(3).contains("n4");

      // The two originals and n4 are the quorum now: either original alone down leaves a majority.
      String original = cluster.followers().stream().map(WardenServer::id).filter(id -> !id.equals("n4"))
          .findFirst().orElseGet(() -> cluster.awaitLeader().id());
      before.close();
      cluster.stopServer(original);
      cluster.awaitLeader();
      LockGrant after = session.lock("replace").acquire(Duration.ofSeconds(20));
      assertThat(after.token()).isGreaterThan(before.token());
      assertThat(replacement.stateMachine().appliedIndex()).isGreaterThanOrEqualTo(before.token());
    }
  }

  @Test
  void membershipRecordFollowsTheChangesAndARemovedServerRefusesToStart() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3);
         WardenClient admin = WardenClient.builder().endpoints(cluster.endpoints())
             .requestTimeout(Duration.ofSeconds(30)).build()) {
      cluster.awaitLeader();
      WardenServer joining = cluster.startJoiningServer("n4");
      admin.admin().addPeer(peerOf(joining.config().self()));
      String leader = cluster.awaitLeader().id();
      ClusterAdmin.Membership after = admin.admin().removePeer(leader);
      assertThat(memberIds(after)).doesNotContain(leader);
      String survivor = memberIds(after).stream().filter(id -> !id.equals("n4")).findFirst().orElseThrow();
      await("every member to apply the new membership").atMost(Duration.ofSeconds(30)).until(() ->
          memberIds(after).stream()
              .allMatch(id -> memberIds(cluster.server(id).raft().status()).equals(memberIds(after))));

      // A founding member restarts with its unchanged warden.peers (n1,n2,n3): the membership
      // it applied holds. The joined server restarts with warden.join still set.
      cluster.stopServer(survivor);
      cluster.startServer(survivor);
      cluster.stopServer("n4");
      cluster.startServer("n4");
      cluster.awaitLeader();
      await("the restarted servers to rejoin").atMost(Duration.ofSeconds(30)).until(() ->
          memberIds(cluster.server(survivor).raft().status()).equals(memberIds(after))
              && memberIds(cluster.server("n4").raft().status()).equals(memberIds(after)));

      // The removed leader applied the configuration without itself before stepping down.
      cluster.stopServer(leader);
      assertThatThrownBy(() -> WardenServer.start(cluster.config(leader)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("node " + leader + " was removed from the cluster")
          .hasMessageContaining("warden.join=true");
    }
  }

  /**
   * Also shows that a slow operation keeps its connection: the leader tries to catch the missing
   * server up for longer than this client waits on a silent connection (500 ms) before presuming
   * it dead and re-sending elsewhere, which would end in "a membership change is in progress".
   */
  @Test
  void addingAServerThatIsNotRunningFailsAndChangesNothing() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3);
         WardenClient admin = WardenClient.builder().endpoints(cluster.endpoints())
             .connectTimeout(Duration.ofMillis(500)).requestTimeout(Duration.ofSeconds(20)).build()) {
      cluster.awaitLeader();
      PeerInfo ghost = new PeerInfo("n5", "127.0.0.1:1", "127.0.0.1:2", "");
      assertThatThrownBy(() -> admin.admin().addPeer(ghost))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("did not catch up");
      assertThat(memberIds(cluster.awaitLeader().raft().status())).containsExactly("n1", "n2", "n3");
    }
  }

  @Test
  void removingANonMemberChangesNothingAndAddingAnExistingMemberAgainIsANoOp() {
    try (LocalCluster cluster = LocalCluster.start(dir, 3);
         WardenClient admin = WardenClient.builder().endpoints(cluster.endpoints())
             .requestTimeout(Duration.ofSeconds(20)).build()) {
      cluster.awaitLeader();
      ClusterAdmin.Membership removed = admin.admin().removePeer("n9");
      assertThat(removed.changed()).isFalse();
      assertThat(memberIds(removed)).containsExactly("n1", "n2", "n3");

      ClusterAdmin.Membership again = admin.admin().addPeer(peerOf(cluster.config("n2").self()));
      assertThat(again.changed()).isFalse();

      PeerConfig n2 = cluster.config("n2").self();
      PeerInfo moved = new PeerInfo("n2", "127.0.0.1:1", n2.client().toString(), "");
      assertThatThrownBy(() -> admin.admin().addPeer(moved))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("n2 is already a member");
    }
  }
}
