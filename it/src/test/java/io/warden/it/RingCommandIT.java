package io.warden.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.warden.client.WardenClient;
import io.warden.client.ring.PartitionOwner;
import io.warden.client.ring.RingDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code wardenctl members|ring|owner|member run} against a real quorum of server processes (DESIGN §7). */
@ExtendWith(ServerLogsOnFailure.class)
class RingCommandIT {
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

  static RingDescription settled(WardenClient client, int members) {
    RingDescription[] ring = new RingDescription[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      RingDescription now = client.ring().describe();
      assertThat(now.members()).hasSize(members);
      assertThat(now.assignments()).isNotEmpty().noneMatch(PartitionOwner::handoff)
          .noneMatch(p -> p.owner().isEmpty());
      ring[0] = now;
    });
    return ring[0];
  }

  static List<JsonNode> events(Path out) {
    try {
      return Files.readAllLines(out).stream().filter(l -> l.startsWith("{")).map(ProcessQuorum::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void membersJoinHandOffAndLeaveWithoutOverlap() throws Exception {
    Path outA = dir.resolve("a.out");
    Path outB = dir.resolve("b.out");
    Process a = quorum.startWardenctl(List.of("member", "run", "--id", "a", "--address", "127.0.0.1:9001",
        "--zone", "z1", "--ttl", "3s"), outA);
    Process b = null;
    try (WardenClient client = WardenClient.connect(quorum.endpoints())) {
      settled(client, 1);
      b = quorum.startWardenctl(List.of("member", "run", "--id", "b", "--address", "127.0.0.1:9002",
          "--zone", "z2", "--ttl", "3s"), outB);
      RingDescription two = settled(client, 2);

      JsonNode ring = ProcessQuorum.parse(quorum.wardenctl(List.of("ring", "--json")).stdout());
      assertThat(ring.get("partitions").asInt()).isEqualTo(1024);
      assertThat(ring.get("epoch").asLong()).isEqualTo(two.epoch());
      assertThat(ring.get("assignments")).hasSize(1024);
      JsonNode first = ring.get("assignments").get(0);
      assertThat(first.get("state").asText()).isEqualTo("OWNED");
      assertThat(first.get("replicas")).hasSize(2);

      JsonNode members = ProcessQuorum.parse(quorum.wardenctl(List.of("members", "--json")).stdout());
      assertThat(members.get("members")).hasSize(2);

      JsonNode owner = ProcessQuorum.parse(quorum.wardenctl(List.of("owner", "user-42", "--json")).stdout());
      assertThat(owner.get("key").asText()).isEqualTo("user-42");
      int partition = owner.get("partition").asInt();
      assertThat(owner.get("owner").asText()).isEqualTo(two.assignments().get(partition).owner());
      assertThat(owner.get("token").asLong()).isEqualTo(two.assignments().get(partition).token());

      b.destroy();  // SIGTERM: leaves cleanly, releasing everything first
      assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(b.exitValue()).isZero();
      settled(client, 1);
    } finally {
      a.destroy();
      a.waitFor(30, TimeUnit.SECONDS);
      if (b != null) {
        b.destroyForcibly();
      }
    }
    assertNoOverlap(List.of(outA, outB));
    assertThat(events(outB)).anyMatch(e -> e.get("event").asText().equals("release"));
  }

  @Test
  void aKilledMembersPartitionsMoveOnlyAfterItsSessionExpires() throws Exception {
    Path outC = dir.resolve("c.out");
    Path outD = dir.resolve("d.out");
    Process c = quorum.startWardenctl(List.of("member", "run", "--id", "c", "--address", "127.0.0.1:9003",
        "--ttl", "30s"), outC);
    Process d = quorum.startWardenctl(List.of("member", "run", "--id", "d", "--address", "127.0.0.1:9004",
        "--ttl", "3s"), outD);
    try (WardenClient client = WardenClient.connect(quorum.endpoints())) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
        RingDescription ring = client.ring().describe();
        return ring.members().stream().anyMatch(m -> m.nodeId().equals("d") && m.owned() > 0)
            && ring.assignments().stream().noneMatch(PartitionOwner::handoff);
      });
      long killed = System.nanoTime();
      d.destroyForcibly();  // SIGKILL
      assertThat(d.waitFor(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
          client.ring().describe().assignments().stream().allMatch(p -> p.owner().equals("c")));
      long movedAfterMillis = (System.nanoTime() - killed) / 1_000_000;
      // d's keepalives stopped at the kill; the leader can expire it no sooner than its TTL later.
      assertThat(movedAfterMillis).isGreaterThanOrEqualTo(2_000);
      System.out.println("partitions of a SIGKILLed member (TTL 3 s) reassigned after " + movedAfterMillis + " ms");
    } finally {
      c.destroy();
      c.waitFor(30, TimeUnit.SECONDS);
      d.destroyForcibly();
    }
  }

  /** On the members' recorded events (one machine, one clock), per partition: no overlap, rising tokens. */
  @Test
  void aMemberWhoseSessionEndedJoinsAgainUnderANewSession() throws Exception {
    Path out = dir.resolve("e.out");
    Process e = quorum.startWardenctl(List.of("member", "run", "--id", "e", "--address", "127.0.0.1:9005",
        "--ttl", "2s"), out);
    try (WardenClient client = WardenClient.connect(quorum.endpoints())) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
          isMember(client, "e") && joins(out).size() == 1);
      // Frozen past its TTL: the cluster ends its session and hands its partitions over.
      long pid = e.pid();
      quorum.run(List.of("kill", "-STOP", Long.toString(pid)));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !isMember(client, "e"));
      quorum.run(List.of("kill", "-CONT", Long.toString(pid)));

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
          joins(out).size() == 2 && isMember(client, "e"));
      List<Long> sessions = joins(out);
      assertThat(sessions.get(1)).isNotEqualTo(sessions.get(0));
      assertThat(events(out)).anyMatch(event -> event.get("event").asText().equals("session-ended")
          && event.get("session").asLong() == sessions.get(0));
      e.destroy(); // SIGTERM: leaves cleanly under the new session
      assertThat(e.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(e.exitValue()).isZero();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !isMember(client, "e"));
    } finally {
      e.destroyForcibly();
    }
    assertNoOverlap(List.of(out));
  }

  static boolean isMember(WardenClient client, String nodeId) {
    return client.ring().describe().members().stream().anyMatch(m -> m.nodeId().equals(nodeId));
  }

  /** The sessions of the {@code joined} lines of a {@code member run}, in order. */
  static List<Long> joins(Path out) {
    return events(out).stream().filter(event -> event.get("event").asText().equals("joined"))
        .map(event -> event.get("session").asLong()).toList();
  }

  static void assertNoOverlap(List<Path> outputs) {
    record Interval(String node, long token, long start, long end) {}
    Map<Integer, List<Interval>> byPartition = new HashMap<>();
    for (Path out : outputs) {
      Map<Integer, long[]> open = new HashMap<>();
      for (JsonNode event : events(out)) {
        if (!event.has("partition")) {
          continue; // joined, session-ended
        }
        int partition = event.get("partition").asInt();
        if (event.get("event").asText().equals("acquire")) {
          open.put(partition, new long[] {event.get("token").asLong(), event.get("ts").asLong()});
        } else {
          long[] started = open.remove(partition);
          assertThat(started).as("release of %d without an acquire in %s", partition, out).isNotNull();
          byPartition.computeIfAbsent(partition, p -> new ArrayList<>())
              .add(new Interval(out.toString(), started[0], started[1], event.get("ts").asLong()));
        }
      }
      open.forEach((partition, started) -> byPartition.computeIfAbsent(partition, p -> new ArrayList<>())
          .add(new Interval(out.toString(), started[0], started[1], Long.MAX_VALUE)));
    }
    for (List<Interval> intervals : byPartition.values()) {
      intervals.sort((x, y) -> Long.compare(x.token(), y.token()));
      for (int i = 1; i < intervals.size(); i++) {
        assertThat(intervals.get(i).token()).isGreaterThan(intervals.get(i - 1).token());
        assertThat(intervals.get(i).start()).as("%s starts before %s ends", intervals.get(i), intervals.get(i - 1))
            .isGreaterThanOrEqualTo(intervals.get(i - 1).end());
      }
    }
  }
}
