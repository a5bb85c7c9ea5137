package io.warden.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.warden.it.ProcessQuorum.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The bin/ scripts run a real three-JVM quorum that wardenctl can see and that survives a leader kill. */
@ExtendWith(ServerLogsOnFailure.class)
class QuorumScriptsIT {
  @TempDir Path dir;

  private static List<String> roles(JsonNode status) {
    return StreamSupport.stream(status.get("servers").spliterator(), false).map(s -> s.get("role").asText()).sorted().toList();
  }

  @Test
  void quorumStartsOnceSurvivesALeaderKillAndStopsWithoutLeftovers() {
    try (ProcessQuorum quorum = new ProcessQuorum(dir)) {
      Result started = quorum.quorum("start");
      assertThat(started.exitCode()).as(started.stderr() + started.stdout()).isZero();
      assertThat(started.stdout()).contains("n1", "n2", "n3").contains("LEADER");

      JsonNode status = quorum.status();
      assertThat(roles(status)).containsExactly("FOLLOWER", "FOLLOWER", "LEADER");
      String leader = status.get("leader").asText();
      List<Long> pids = List.of(quorum.pid("n1").orElseThrow(), quorum.pid("n2").orElseThrow(), quorum.pid("n3").orElseThrow());

      Result again = quorum.quorum("start");
      assertThat(again.exitCode()).isZero();
      assertThat(List.of(quorum.pid("n1").orElseThrow(), quorum.pid("n2").orElseThrow(), quorum.pid("n3").orElseThrow()))
          .as("a second start starts no duplicates").isEqualTo(pids);

      long killedAt = System.nanoTime();
      quorum.signal(leader, "KILL");
      String[] survivors = List.of("n1", "n2", "n3").stream().filter(id -> !id.equals(leader)).toArray(String[]::new);
      String newLeader = quorum.awaitLeader(survivors);
      long failoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
      assertThat(newLeader).isNotEqualTo(leader);
      assertThat(failoverMillis).as("new leader within a few seconds").isLessThan(10_000);
      System.out.printf("leader %s killed; %s led %d ms later (measured through wardenctl polls)%n", leader, newLeader, failoverMillis);

      Result restarted = quorum.server("start", leader);
      assertThat(restarted.exitCode()).as(restarted.stderr()).isZero();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(roles(quorum.status())).containsExactly("FOLLOWER", "FOLLOWER", "LEADER"));

      List<Long> running = new ArrayList<>();
      for (String id : List.of("n1", "n2", "n3")) {
        running.add(quorum.pid(id).orElseThrow());
      }
      Result stopped = quorum.quorum("stop");
      assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
      // The script waits until each JVM has exited; the init process may take a moment to reap it.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(running).allSatisfy(pid -> assertThat(ProcessQuorum.alive(pid)).as("pid %d alive", pid).isFalse()));
      assertThat(quorum.quorum("status").exitCode()).isEqualTo(3);
    }
  }

  @Test
  void wardenctlSaysOneLineAndFailsWhenNoServerAnswers() {
    try (ProcessQuorum quorum = new ProcessQuorum(dir)) {
      Result result = quorum.wardenctl(List.of("status", "--command-timeout", "1s"));
      assertThat(result.exitCode()).isNotZero();
      assertThat(result.stderr().strip().lines().toList()).hasSize(1);
      assertThat(result.stderr()).startsWith("wardenctl: no Warden server answered");
    }
  }

  @Test
  void serverWithABadConfigurationExitsWithOneClearLine() throws Exception {
    try (ProcessQuorum quorum = new ProcessQuorum(dir)) {
      java.nio.file.Files.writeString(quorum.conf("n1"), "warden.node.id=n9\n", java.nio.file.StandardOpenOption.APPEND);
      Result result = quorum.server("start", "n1");
      assertThat(result.exitCode()).isNotZero();
      assertThat(result.stderr() + result.stdout()).contains("warden-server: ").contains("n9");
    }
  }
}
