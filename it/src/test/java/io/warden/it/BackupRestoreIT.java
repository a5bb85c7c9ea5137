package io.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.lock.LockMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code wardenctl backup DIR}, then {@code bin/warden-server restore DIR CONF} into a new cluster of processes. */
@ExtendWith(ServerLogsOnFailure.class)
class BackupRestoreIT {
  @TempDir Path dir;

  /** Each lock as "name mode holders(session:token) waiters", from {@code wardenctl locks --json}. */
  private static List<String> locks(ProcessQuorum quorum) {
    ProcessQuorum.Result result = quorum.wardenctl(List.of("locks", "--json"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    List<String> locks = new ArrayList<>();
    for (JsonNode lock : ProcessQuorum.parse(result.stdout()).get("locks")) {
      List<String> holders = new ArrayList<>();
      lock.get("holders").forEach(h -> holders.add(h.get("session").asLong() + ":" + h.get("token").asLong()));
      locks.add(lock.get("name").asText() + " " + lock.get("mode").asText() + " " + holders + " "
          + lock.get("waiterCount").asInt());
    }
    return locks;
  }

  private static List<Long> sessions(ProcessQuorum quorum) {
    ProcessQuorum.Result result = quorum.wardenctl(List.of("sessions", "--json"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    List<Long> ids = new ArrayList<>();
    ProcessQuorum.parse(result.stdout()).get("sessions").forEach(s -> ids.add(s.get("id").asLong()));
    return ids.stream().sorted().toList();
  }

  @Test
  void aNewClusterRestoredFromABackupHoldsTheSameSessionsLocksAndTokens() throws Exception {
    Path backup = dir.resolve("backup");
    List<String> locksBefore;
    List<Long> sessionsBefore;
    long backupIndex;
    try (ProcessQuorum original = new ProcessQuorum(dir.resolve("original"))) {
      assertThat(original.quorum("start").exitCode()).isZero();
      try (WardenClient client = WardenClient.connect(original.endpoints())) {
        WardenSession a = client.createSession(Duration.ofSeconds(60), "a");
        WardenSession b = client.createSession(Duration.ofSeconds(60), "b");
        a.lock("it/orders").acquire(Duration.ofSeconds(10));
        a.lock("it/catalog", LockMode.SHARED).acquire(Duration.ofSeconds(10));
        b.lock("it/catalog", LockMode.SHARED).acquire(Duration.ofSeconds(10));
        b.lock("it/orders").acquireAsync();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> client.describeLock("it/orders").orElseThrow().waiters().size() == 1);
        locksBefore = locks(original);
        sessionsBefore = sessions(original);

        ProcessQuorum.Result result = original.wardenctl(List.of("backup", backup.toString(), "--json"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode taken = ProcessQuorum.parse(result.stdout());
        backupIndex = taken.get("index").asLong();
        assertThat(taken.get("clusterId").asText()).isEqualTo(original.clusterId());
        assertThat(taken.get("files").asInt()).isPositive();
        assertThat(Files.readAllLines(backup.resolve("SHA256SUMS"))).hasSize(taken.get("files").asInt());
        assertThat(locks(original)).as("a backup changes nothing").isEqualTo(locksBefore);
      }
    }
    assertThat(locksBefore).hasSize(2);
    assertThat(sessionsBefore).hasSize(2);

    try (ProcessQuorum restored = new ProcessQuorum(dir.resolve("restored"))) {
      for (String id : List.of("n1", "n2", "n3")) {
        ProcessQuorum.Result result = restored.restore(backup, id);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).startsWith("restored " + id + " from " + backup)
            .contains("index " + backupIndex).contains("for cluster " + restored.clusterId());
      }
      ProcessQuorum.Result again = restored.restore(backup, "n1");
      assertThat(again.exitCode()).isEqualTo(2);
      assertThat(again.stderr()).startsWith("warden-server: data directory ").contains("already holds a node's state");

      assertThat(restored.quorum("start").exitCode()).isZero();
      restored.awaitLeader();
      assertThat(locks(restored)).isEqualTo(locksBefore);
      assertThat(sessions(restored)).isEqualTo(sessionsBefore);
      try (WardenClient client = WardenClient.connect(restored.endpoints());
           WardenSession fresh = client.createSession(Duration.ofSeconds(10))) {
        assertThat(fresh.lock("it/after-restore").acquire(Duration.ofSeconds(10)).token()).isGreaterThan(backupIndex);
      }
    }
  }
}
