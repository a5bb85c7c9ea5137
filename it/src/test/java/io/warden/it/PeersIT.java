package io.warden.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.lock.LockGrant;
import io.warden.server.testing.LockTraffic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wardenctl peers add} of a fourth server process started with {@code bin/warden-server}
 * and {@code peers remove} of the leader, while clients take locks.
 */
@ExtendWith(ServerLogsOnFailure.class)
class PeersIT {
  @TempDir Path dir;

  private static List<String> ids(JsonNode peers) {
    List<String> ids = new ArrayList<>();
    peers.forEach(p -> ids.add(p.get("id").asText()));
    return ids;
  }

  /** The members the leader reports, through {@code wardenctl status --json}'s servers. */
  private static List<String> serverIds(ProcessQuorum quorum, String... endpoints) {
    JsonNode status = quorum.status(endpoints);
    List<String> ids = new ArrayList<>();
    status.get("servers").forEach(s -> ids.add(s.get("id").asText()));
    return ids;
  }

  @Test
  void aFourthServerJoinsAndTheRemovedLeaderLeavesTheQuorumWhileClientsTakeLocks() throws Exception {
    try (ProcessQuorum quorum = new ProcessQuorum(dir)) {
      assertThat(quorum.quorum("start").exitCode()).isZero();
      String endpoints = quorum.endpoints();
      LockTraffic traffic = LockTraffic.start(endpoints, 3, 2);
      long heldToken;
      try (WardenClient client = WardenClient.connect(endpoints);
           WardenSession holder = client.createSession(Duration.ofSeconds(60));
           LockGrant held = holder.lock("it/held-throughout").acquire(Duration.ofSeconds(10))) {
        heldToken = held.token();
        traffic.awaitMoreCycles(10);

        quorum.addJoiningNode("n4");
        ProcessQuorum.Result started = quorum.server("start", "n4");
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        ProcessQuorum.Result add =
            quorum.wardenctl(List.of("peers", "add", quorum.peerSpec("n4"), "--json"), "n1", "n2", "n3");
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        JsonNode added = ProcessQuorum.parse(add.stdout());
        assertThat(added.get("changed").asBoolean()).isTrue();
        assertThat(ids(added.get("peers"))).containsExactly("n1", "n2", "n3", "n4");
        assertThat(added.get("peers").get(3).get("adminAddress").asText())
            .as("the admin address n4 reports").isEqualTo(quorum.adminAddress("n4"));
        await("n4 to catch up").atMost(Duration.ofSeconds(30)).until(() -> {
          JsonNode n4 = quorum.status("n4").get("servers");
          for (JsonNode s : n4) {
            if (s.get("id").asText().equals("n4")) {
              return s.get("role").asText().equals("FOLLOWER") && s.get("appliedIndex").asLong() >= heldToken;
            }
          }
          return false;
        });
        traffic.awaitMoreCycles(10);

        String leader = quorum.awaitLeader();
        ProcessQuorum.Result remove = quorum.wardenctl(List.of("peers", "remove", leader));
        assertThat(remove.exitCode()).as(remove.stderr()).isZero();
        assertThat(remove.stdout()).startsWith("removed " + leader + "; members: ");
        traffic.awaitMoreCycles(10);
        String newLeader = await().atMost(Duration.ofSeconds(30))
            .until(() -> quorum.leader("n4"), l -> l.isPresent() && !l.get().equals(leader)).orElseThrow();
        assertThat(serverIds(quorum, "n4")).as("the servers the cluster knows").doesNotContain(leader).contains("n4");

        // The removed server is in no quorum: stop it and one more of the three; n4 and the last
        // one still make a majority, and locks keep being granted.
        quorum.server("stop", leader);
        String another = List.of("n1", "n2", "n3").stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        quorum.server("stop", another);
        traffic.awaitMoreCycles(10);
        assertThat(newLeader).isNotEqualTo(leader);
        assertThat(held.isValid()).isTrue();
        assertThat(client.describeLock("it/held-throughout").orElseThrow().holders().get(0).token())
            .isEqualTo(heldToken);
      } finally {
        traffic.close();
      }
      assertThat(traffic.failures()).isEmpty();
      assertThat(traffic.overlaps()).isZero();
      traffic.tokensByName().forEach((name, tokens) ->
          assertThat(tokens).as("tokens of %s in grant order", name).isNotEmpty().isSorted().doesNotHaveDuplicates());
    }
  }

  @Test
  void badRequestsFailWithOneLineAndChangeNothing() {
    try (ProcessQuorum quorum = new ProcessQuorum(dir)) {
      assertThat(quorum.quorum("start").exitCode()).isZero();
      quorum.awaitLeader();

      ProcessQuorum.Result notMember = quorum.wardenctl(List.of("peers", "remove", "n9"));
      assertThat(notMember.exitCode()).isEqualTo(1);
      assertThat(notMember.stderr()).isEqualTo("wardenctl: n9 is not a member (members: n1,n2,n3)\n");

      quorum.addJoiningNode("n4");
      ProcessQuorum.Result notRunning = quorum.wardenctl(List.of("peers", "add", quorum.peerSpec("n4")));
      assertThat(notRunning.exitCode()).isEqualTo(1);
      assertThat(notRunning.stderr().lines().toList()).singleElement().asString()
          .startsWith("wardenctl: n4 does not answer at ");

      quorum.addStandaloneNode("n5");
      assertThat(quorum.server("start", "n5").exitCode()).isZero();
      ProcessQuorum.Result ownGroup = quorum.wardenctl(List.of("peers", "add", quorum.peerSpec("n5")), "n1", "n2", "n3");
      assertThat(ownGroup.exitCode()).isEqualTo(1);
      assertThat(ownGroup.stderr()).startsWith("wardenctl: n5 at ").contains("already runs a group of its own (members: n5)");

      ProcessQuorum.Result malformed = quorum.wardenctl(List.of("peers", "add", "n4=nohost"));
      assertThat(malformed.exitCode()).isEqualTo(2);
      assertThat(malformed.stderr()).contains("is not ID=RAFT,CLIENT[,ADMIN]");

      assertThat(serverIds(quorum, "n1", "n2", "n3")).containsExactly("n1", "n2", "n3");
      assertThat(quorum.leader()).isNotEqualTo(Optional.empty());
    }
  }
}
