package io.warden.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.client.ClusterAdmin;
import io.warden.client.SessionInfo;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import io.warden.client.WardenSession;
import io.warden.client.lock.LockGrant;
import io.warden.client.lock.LockInfo;
import io.warden.client.lock.LockMode;
import io.warden.server.config.ConfigException;
import io.warden.server.config.DataDirectory;
import io.warden.server.config.ServerConfig;
import io.warden.server.testing.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wardenctl backup} (the client's admin API) and {@code warden-server restore} on real servers. */
class BackupRestoreTest {
  @TempDir Path dir;

  /** What a client sees of the state: sessions and locks without times that move. */
  private record View(List<Long> sessions, List<String> locks) {}

  private static View view(WardenClient client) {
    List<Long> sessions = client.listSessions().stream().map(SessionInfo::id).sorted().toList();
    List<String> locks = client.listLocks().stream()
        .sorted(Comparator.comparing(LockInfo::name))
        .map(l -> l.name() + " " + l.mode() + " holders " + l.holders().stream()
            .map(h -> h.sessionId() + ":" + h.token()).toList()
            + " waiters " + l.waiters().stream().map(w -> w.sessionId() + ":" + w.waiterId() + ":" + w.mode()).toList())
        .toList();
    return new View(sessions, locks);
  }

  @Test
  void aRestoredClusterHoldsTheSameSessionsLocksAndTokensAndGrantsHigherTokens() throws Exception {
    Path backupDir = dir.resolve("backup");
    View before;
    ClusterAdmin.Backup backup;
    long commitSeen;
    UUID originalCluster;
    try (LocalCluster original = LocalCluster.start(dir.resolve("original"), 3);
         WardenClient client = WardenClient.builder().endpoints(original.endpoints())
             .requestTimeout(Duration.ofSeconds(20)).build()) {
      original.awaitLeader();
      originalCluster = original.clusterId();
      WardenSession a = client.createSession(Duration.ofSeconds(60), "a");
      WardenSession b = client.createSession(Duration.ofSeconds(60), "b");
      a.lock("orders").acquire(Duration.ofSeconds(10));
      a.lock("catalog", LockMode.SHARED).acquire(Duration.ofSeconds(10));
      b.lock("catalog", LockMode.SHARED).acquire(Duration.ofSeconds(10));
      CompletableFuture<LockGrant> waiting = b.lock("orders").acquireAsync();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> client.describeLock("orders").orElseThrow().waiters().size() == 1);
      before = view(client);
      commitSeen = original.awaitLeader().raft().status().getCommitIndex();

      backup = client.admin().backup(backupDir);
      assertThat(waiting).isNotDone();
    }

    assertThat(backup.index()).isGreaterThanOrEqualTo(commitSeen);
    assertThat(backup.clusterId()).isEqualTo(originalCluster.toString());
    assertThat(backup.files()).isPositive();
    assertThat(Files.readAllLines(backupDir.resolve("SHA256SUMS"))).hasSize(backup.files());
    assertThat(backupDir.resolve("backup.properties")).exists();
    assertThat(before.sessions()).hasSize(2);
    assertThat(before.locks()).hasSize(2);

    try (LocalCluster restored = LocalCluster.restore(backupDir, dir.resolve("restored"), 3);
         WardenClient client = WardenClient.builder().endpoints(restored.endpoints())
             .requestTimeout(Duration.ofSeconds(20)).build()) {
      restored.awaitLeader();
      assertThat(restored.clusterId()).isNotEqualTo(originalCluster);
      assertThat(view(client)).isEqualTo(before);

      try (WardenSession fresh = client.createSession(Duration.ofSeconds(10));
           LockGrant grant = fresh.lock("after-restore").acquire(Duration.ofSeconds(10))) {
        assertThat(grant.token()).as("a new token is above everything in the backup").isGreaterThan(backup.index());
      }
    }
  }

  @Test
  void restoreRefusesADamagedBackupAndADataDirectoryThatHoldsState() throws Exception {
    Path backupDir = dir.resolve("backup");
    ServerConfig config;
    try (LocalCluster original = LocalCluster.start(dir.resolve("original"), 3);
         WardenClient client = WardenClient.connect(original.endpoints())) {
      original.awaitLeader();
      client.admin().backup(backupDir);
      config = original.config("n1");
      assertThatThrownBy(() -> Restore.restore(backupDir, config))
          .as("the running node's own directory")
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("already holds a node's state");
      assertThatThrownBy(() -> client.admin().backup(backupDir))
          .isInstanceOf(WardenException.class)
          .hasMessageContaining("is not empty");
    }

    ServerConfig fresh = ServerConfig.of("n1", UUID.randomUUID(), dir.resolve("fresh"), config.peers());
    Path sst;
    try (Stream<Path> files = Files.walk(backupDir.resolve("checkpoint"))) {
      sst = files.filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
    }
    Files.write(sst, new byte[] {1}, StandardOpenOption.APPEND);
    assertThatThrownBy(() -> Restore.restore(backupDir, fresh))
        .hasMessageContaining("is damaged")
        .hasMessageContaining(backupDir.relativize(sst).toString());
    assertThat(DataDirectory.holdsState(fresh.dataDirectory())).as("nothing was written").isFalse();
  }
}
