package io.warden.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the client does when there is no cluster to talk to (the server module tests the rest). */
class WardenClientTest {

  @Test
  void buildingRequiresAnEndpoint() {
    assertThatThrownBy(() -> WardenClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("endpoints");
  }

  @Test
  void malformedEndpointsAreRejectedWithAnExample() {
    assertThatThrownBy(() -> WardenClient.connect("localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.1:7001");
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(() -> WardenClient.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WardenClient.builder().connectTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void buildingDoesNotConnect() throws IOException {
    try (WardenClient client = WardenClient.connect("127.0.0.1:" + closedPort())) {
      assertThat(client).isNotNull();
    }
  }

  @Test
  void statusOfAnUnreachableServerFailsAtOnce() throws IOException {
    String endpoint = "127.0.0.1:" + closedPort();
    try (WardenClient client =
        WardenClient.builder().endpoints(endpoint).requestTimeout(Duration.ofSeconds(30)).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.serverStatus(endpoint))
          .isInstanceOf(WardenUnavailableException.class)
          .isNotInstanceOf(WardenTimeoutException.class)
          .hasMessageContaining(endpoint);
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }
  }

  @Test
  void aCallToAnUnreachableClusterTimesOutSayingTheOutcomeIsUnknown() throws IOException {
    String endpoints = "127.0.0.1:" + closedPort() + ",127.0.0.1:" + closedPort();
    try (WardenClient client =
        WardenClient.builder()
            .endpoints(endpoints)
            .requestTimeout(Duration.ofMillis(400))
            .build()) {
      assertThatThrownBy(() -> client.createSession(Duration.ofSeconds(10), "test"))
          .isInstanceOf(WardenTimeoutException.class)
          .hasMessageContaining("No Warden leader answered")
          .hasMessageContaining(endpoints)
          .hasMessageContaining("may or may not have been applied");
    }
  }

  @Test
  void futuresCompleteOffTheIoThreads() throws IOException {
    try (WardenClient client =
        WardenClient.builder()
            .endpoints("127.0.0.1:" + closedPort())
            .requestTimeout(Duration.ofMillis(200))
            .build()) {
      CompletableFuture<String> thread =
          client
              .createSessionAsync(Duration.ofSeconds(5), "test")
              .handle((session, error) -> Thread.currentThread().getName());
      // On the async pool; or on this thread if it had already failed when handle() was attached
      // (a slow machine): never on an I/O or timer thread, where a user callback could stall the client.
      assertThat(thread.join()).doesNotStartWith("warden-client-io").doesNotStartWith("warden-client-timer");
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsAreRefused() throws IOException {
    WardenClient client = WardenClient.connect("127.0.0.1:" + closedPort());
    client.close();
    client.close();
    assertThatThrownBy(client::listSessions)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closeStopsTheClientsThreads() throws IOException {
    WardenClient client =
        WardenClient.builder()
            .endpoints(List.of("127.0.0.1:" + closedPort()))
            .requestTimeout(Duration.ofMillis(200))
            .build();
    assertThatThrownBy(client::listSessions).isInstanceOf(WardenUnavailableException.class);
    client.close();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("warden-client-io")));
  }

  @Test
  void theDefaultOwnerNamesUserHostAndProcess() {
    assertThat(DefaultOwner.label())
        .matches(".+@.+:\\d+")
        .endsWith(":" + ProcessHandle.current().pid());
  }

  /** A loopback port nobody listens on (bound, then released). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
