package io.warden.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.lock.LockGrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code wardenctl lock NAME -- CMD} against a real quorum of server processes. */
@ExtendWith(ServerLogsOnFailure.class)
class LockCommandIT {
  @TempDir static Path dir;
  static ProcessQuorum quorum;

  @BeforeAll
  static void start() {
    quorum = new ProcessQuorum(dir);
    assertThat(quorum.quorum("start").exitCode()).isZero();
  }

  @AfterAll
  static void stop() {
    quorum.close();
  }

  @Test
  void twoLockCommandsOnOneNameNeverOverlap() throws Exception {
    Path log = dir.resolve("critical-section.log");
    String body = "echo \"start $WARDEN_LOCK_TOKEN $(date +%s%N)\" >> " + log
        + "; sleep 1; echo \"end $WARDEN_LOCK_TOKEN $(date +%s%N)\" >> " + log;
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(quorum.startWardenctl(List.of("lock", "it/overlap", "--", "sh", "-c", body), dir.resolve("run" + i + ".out")));
    }
    for (Process run : runs) {
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(run.exitValue()).isZero();
    }
    List<String[]> lines = Files.readAllLines(log).stream().map(l -> l.split(" ")).toList();
    assertThat(lines).hasSize(6);
    long previousToken = 0;
    long previousEnd = 0;
    for (int i = 0; i < lines.size(); i += 2) {
      String[] start = lines.get(i);
      String[] end = lines.get(i + 1);
      assertThat(start[0]).as("each start is followed by its own end: no interleaving").isEqualTo("start");
      assertThat(end[0]).isEqualTo("end");
      assertThat(end[1]).isEqualTo(start[1]);
      long token = Long.parseLong(start[1]);
      assertThat(token).isGreaterThan(previousToken);
      assertThat(Long.parseLong(start[2])).isGreaterThanOrEqualTo(previousEnd);
      previousToken = token;
      previousEnd = Long.parseLong(end[2]);
    }
  }

  @Test
  void exitStatusOfTheCommandIsPassedOn() {
    ProcessQuorum.Result result = quorum.wardenctl(List.of("lock", "it/status", "--", "sh", "-c", "exit 7"));
    assertThat(result.exitCode()).isEqualTo(7);
  }

  @Test
  void timeoutGivesUpWithOneLineAndLeavesNoWaiter() {
    try (WardenClient client = WardenClient.connect(quorum.endpoints());
         WardenSession session = client.createSession(Duration.ofSeconds(30));
         LockGrant held = session.lock("it/timeout").acquire()) {
      ProcessQuorum.Result result = quorum.wardenctl(List.of("lock", "it/timeout", "--timeout", "1s", "--", "true"));
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr().strip().lines()).hasSize(1);
      assertThat(result.stderr()).contains("was not granted within");
      assertThat(client.describeLock("it/timeout").orElseThrow().waiters()).isEmpty();
      assertThat(held.isValid()).isTrue();
    }
  }

  @Test
  void lostLeaseStopsTheCommandWithSigterm() throws Exception {
    Path out = dir.resolve("lease-lost.out");
    Process run = quorum.startWardenctl(List.of("lock", "it/lease", "--ttl", "2s", "--", "sleep", "60"), out);
    try (WardenClient client = WardenClient.connect(quorum.endpoints())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> client.describeLock("it/lease").isPresent());
      // Freeze wardenctl (not its command) past the TTL: its keepalives stop, its lease runs out.
      long pid = run.pid();
      quorum.run(List.of("kill", "-STOP", Long.toString(pid)));
      await().atMost(Duration.ofSeconds(15)).until(() -> client.describeLock("it/lease").isEmpty());
      quorum.run(List.of("kill", "-CONT", Long.toString(pid)));
      assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("wardenctl ends instead of waiting for sleep 60").isTrue();
      assertThat(run.exitValue()).isEqualTo(75);
      assertThat(Files.readString(out)).contains("lost the lease on lock it/lease");
    } finally {
      run.destroyForcibly();
    }
  }
}
