package io.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL of every server loses no acknowledged session: the Raft log is durable before the ack. */
@ExtendWith(ServerLogsOnFailure.class)
class CrashRecoveryIT {
  @TempDir Path dir;

  @Test
  void acknowledgedSessionsSurviveKillingAllThreeServers() {
    try (ProcessQuorum quorum = new ProcessQuorum(dir)) {
      assertThat(quorum.quorum("start").exitCode()).isZero();
      List<Long> ids = new ArrayList<>();
      WardenClient client = WardenClient.builder().endpoints(quorum.endpoints()).build();
      for (int i = 0; i < 20; i++) {
        WardenSession session = client.createSession(Duration.ofMinutes(10), "crash-" + i);
        ids.add(session.id());
      }
      // No clean close of anything: the client is abandoned, the servers are killed.
      for (String id : List.of("n1", "n2", "n3")) {
        quorum.signal(id, "KILL");
      }
      assertThat(quorum.quorum("start").exitCode()).isZero();
      ProcessQuorum.Result listed = quorum.wardenctl(List.of("sessions", "--json"));
      assertThat(listed.exitCode()).as(listed.stderr()).isZero();
      JsonNode sessions = ProcessQuorum.parse(listed.stdout()).get("sessions");
      List<Long> after = StreamSupport.stream(sessions.spliterator(), false).map(s -> s.get("id").asLong()).toList();
      assertThat(after).containsAll(ids);
      client.close();
    }
  }
}
