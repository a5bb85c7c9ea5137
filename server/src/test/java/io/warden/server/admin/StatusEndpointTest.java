package io.warden.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.protocol.client.AcquireOutcome;
import io.warden.protocol.client.AcquireRequest;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.command.LockMode;
import io.warden.server.WardenServer;
import io.warden.server.testing.AdminHttp;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.RawClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /status} and the admin endpoint's answers to wrong paths and methods. */
class StatusEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static LocalCluster cluster;
  static WardenServer leader;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(dir, 3);
    leader = cluster.awaitLeader();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  static JsonNode status(WardenServer server) {
    HttpResponse<String> response = AdminHttp.get(server.adminAddress(), "/status");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long session(RawClient client) {
    return client.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
        .setTtlMillis(60_000).setOwner("status-test"))).getCreateSession().getSessionId();
  }

  static AcquireOutcome acquire(RawClient client, String name, long session) {
    return client.call(ClientMessage.newBuilder().setAcquire(AcquireRequest.newBuilder()
        .setName(name).setSessionId(session).setMode(LockMode.EXCLUSIVE).setWait(true))).getAcquire().getOutcome();
  }

  @Test
  void statusHasTheRoleIndexesAndCountsOfTheState() {
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      long s1 = session(client);
      long s2 = session(client);
      long s3 = session(client);
      assertThat(acquire(client, "status/one", s1)).isEqualTo(AcquireOutcome.GRANTED);
      assertThat(acquire(client, "status/two", s2)).isEqualTo(AcquireOutcome.GRANTED);
      assertThat(acquire(client, "status/one", s3)).isEqualTo(AcquireOutcome.QUEUED);

      // Counts come from a store scan cached for a second.
      JsonNode status = await().atMost(Duration.ofSeconds(10))
          .until(() -> status(leader), s -> s.get("sessions").asLong() == 3);

      List<String> fields = new ArrayList<>();
      status.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactlyInAnyOrder("id", "role", "term", "leader", "commitIndex", "appliedIndex",
          "snapshotIndex", "sessions", "locks", "locksHeld", "waiters", "members", "partitions", "storeBytes");
      assertThat(status.get("id").asText()).isEqualTo(leader.id());
      assertThat(status.get("role").asText()).isEqualTo("LEADER");
      assertThat(status.get("leader").asText()).isEqualTo(leader.id());
      assertThat(status.get("term").asLong()).isPositive();
      assertThat(status.get("appliedIndex").asLong()).isPositive().isLessThanOrEqualTo(status.get("commitIndex").asLong());
      assertThat(status.get("snapshotIndex").asLong()).isZero();
      assertThat(status.get("locks").asLong()).isEqualTo(2);
      assertThat(status.get("locksHeld").asLong()).isEqualTo(2);
      assertThat(status.get("waiters").asLong()).isEqualTo(1);
      assertThat(status.get("members").asLong()).isZero();
      assertThat(status.get("partitions").asLong()).isZero();
      assertThat(status.get("storeBytes").asLong()).isPositive();
    }
  }

  @Test
  void followerReportsItsOwnRoleAndTheLeader() {
    WardenServer follower = cluster.followers().get(0);
    JsonNode status = status(follower);

    assertThat(status.get("id").asText()).isEqualTo(follower.id());
    assertThat(status.get("role").asText()).isEqualTo("FOLLOWER");
    assertThat(status.get("leader").asText()).isEqualTo(leader.id());
  }

  @Test
  void unknownPathIsNotFound() throws IOException {
    HttpResponse<String> response = AdminHttp.get(leader.adminAddress(), "/nothing-here");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("error").asText()).contains("/nothing-here", "/health");
  }

  @Test
  void otherMethodsThanGetAreNotAllowed() {
    for (String method : List.of("POST", "PUT", "DELETE")) {
      HttpResponse<String> response = AdminHttp.send(leader.adminAddress(), "/health", method);

      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("allow")).hasValue("GET");
    }
  }

  @Test
  void queryStringDoesNotChangeTheResource() {
    assertThat(AdminHttp.get(leader.adminAddress(), "/status?verbose=1").statusCode()).isEqualTo(200);
  }
}
