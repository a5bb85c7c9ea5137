package io.warden.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code wardenctl snapshot} and {@code wardenctl leader transfer} against a quorum of server processes. */
@ExtendWith(ServerLogsOnFailure.class)
class OperationsIT {
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

  /** The leader's commit index as {@code wardenctl status --json} reports it. */
  private static long leaderCommitIndex() {
    JsonNode status = quorum.status();
    String leader = status.get("leader").asText();
    for (JsonNode server : status.get("servers")) {
      if (server.get("id").asText().equals(leader)) {
        return server.get("commitIndex").asLong();
      }
    }
    throw new AssertionError("the leader is not among the servers: " + status);
  }

  @Test
  void snapshotPrintsAnIndexAtOrAboveTheCommitIndexItSaw() {
    quorum.awaitLeader();
    long commitSeen = leaderCommitIndex();

    ProcessQuorum.Result json = quorum.wardenctl(List.of("snapshot", "--json"));
    assertThat(json.exitCode()).as(json.stderr()).isZero();
    JsonNode snapshot = ProcessQuorum.parse(json.stdout());
    assertThat(snapshot.get("index").asLong()).isGreaterThanOrEqualTo(commitSeen);
    assertThat(snapshot.get("index").asLong()).isGreaterThanOrEqualTo(snapshot.get("commitIndex").asLong());

    ProcessQuorum.Result line = quorum.wardenctl(List.of("snapshot"));
    assertThat(line.exitCode()).isZero();
    assertThat(line.stdout()).matches("snapshot at index \\d+ on n\\d \\(commit index was \\d+\\)\\n");
    assertThat(quorum.status().get("servers").findValues("snapshotIndex").stream().mapToLong(JsonNode::asLong).max()
        .orElseThrow()).isGreaterThanOrEqualTo(snapshot.get("index").asLong());
  }

  @Test
  void leaderTransferMovesLeadershipToTheNamedServerOrToAnotherOne() {
    String before = quorum.awaitLeader();
    String target = List.of("n1", "n2", "n3").stream().filter(id -> !id.equals(before)).findFirst().orElseThrow();

    ProcessQuorum.Result named = quorum.wardenctl(List.of("leader", "transfer", "--to", target));
    assertThat(named.exitCode()).as(named.stderr()).isZero();
    assertThat(named.stdout()).isEqualTo("leader is now " + target + " (was " + before + ")\n");
    await().atMost(Duration.ofSeconds(30)).until(quorum::leader, Optional.of(target)::equals);

    ProcessQuorum.Result any = quorum.wardenctl(List.of("leader", "transfer", "--json"));
    assertThat(any.exitCode()).as(any.stderr()).isZero();
    JsonNode transfer = ProcessQuorum.parse(any.stdout());
    assertThat(transfer.get("previousLeader").asText()).isEqualTo(target);
    String now = transfer.get("leader").asText();
    assertThat(now).isNotEqualTo(target);
    await().atMost(Duration.ofSeconds(30)).until(quorum::leader, Optional.of(now)::equals);
  }

  @Test
  void transferToAnUnknownServerFailsWithOneLine() {
    quorum.awaitLeader();
    ProcessQuorum.Result result = quorum.wardenctl(List.of("leader", "transfer", "--to", "n9"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr().lines().toList()).singleElement().asString()
        .startsWith("wardenctl: ").contains("n9 is not a voting member");
  }
}
