package io.warden.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.server.WardenServer;
import io.warden.server.testing.AdminHttp;
import io.warden.server.testing.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /health}: 200 while a server is part of a working quorum, 503 with the reason otherwise. */
class HealthEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(dir, 3);
    cluster.awaitLeader();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  record Health(int code, JsonNode body) {}

  static Health health(InetSocketAddress admin) {
    HttpResponse<String> response = AdminHttp.get(admin, "/health");
    try {
      return new Health(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyServerOfAWorkingQuorumIsHealthy() {
    for (WardenServer server : cluster.servers()) {
      Health health = await().atMost(Duration.ofSeconds(10)).until(() -> health(server.adminAddress()), h -> h.code() == 200);

      assertThat(health.body().get("status").asText()).isEqualTo("ok");
      assertThat(health.body().get("id").asText()).isEqualTo(server.id());
      assertThat(health.body().has("reason")).isFalse();
    }
  }

  @Test
  void serverCutOffFromTheOtherTwoIsUnavailableUntilTheyAreBack() {
    WardenServer alone = cluster.servers().get(0);
    List<String> others = cluster.servers().stream().map(WardenServer::id).filter(id -> !id.equals(alone.id())).toList();
    await().atMost(Duration.ofSeconds(10)).until(() -> health(alone.adminAddress()).code() == 200);

    others.forEach(cluster::stopServer);

    Health cutOff = await().atMost(Duration.ofSeconds(20))
        .until(() -> health(alone.adminAddress()), h -> h.code() == 503);
    assertThat(cutOff.body().get("status").asText()).isEqualTo("unavailable");
    assertThat(cutOff.body().get("reason").asText()).isNotBlank();

    others.forEach(cluster::startServer);

    Health healed = await().atMost(Duration.ofSeconds(30))
        .until(() -> health(alone.adminAddress()), h -> h.code() == 200);
    assertThat(healed.body().get("status").asText()).isEqualTo("ok");
    assertThat(healed.body().get("leader").asText()).isNotBlank();
  }
}
