package io.warden.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.protocol.client.AcquireReply;
import io.warden.protocol.client.AcquireRequest;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.ReleaseRequest;
import io.warden.protocol.command.LockMode;
import io.warden.server.WardenServer;
import io.warden.server.testing.AdminHttp;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.PrometheusText;
import io.warden.server.testing.PrometheusText.Family;
import io.warden.server.testing.RawClient;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} and JMX: Warden's metrics and Ratis's, and what Warden's count. */
class MetricsEndpointTest {
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

  static Map<String, Family> scrape(WardenServer server) {
    HttpResponse<String> response = AdminHttp.get(server.adminAddress(), "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    return PrometheusText.parse(response.body());
  }

  static double value(WardenServer server, String family, String sample) {
    return scrape(server).get(family).value(sample);
  }

  static long session(RawClient client) {
    return client.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
        .setTtlMillis(60_000).setOwner("metrics-test"))).getCreateSession().getSessionId();
  }

  static AcquireReply acquire(RawClient client, String name, long session) {
    return client.call(ClientMessage.newBuilder().setAcquire(AcquireRequest.newBuilder()
        .setName(name).setSessionId(session).setMode(LockMode.EXCLUSIVE).setWait(true))).getAcquire();
  }

  @Test
  void everyServerServesWardenAndRatisFamiliesInTheTextFormat() {
    for (WardenServer server : cluster.servers()) {
      Map<String, Family> families = scrape(server);

      assertThat(families).as(server.id()).containsKeys(
          "warden_sessions_live", "warden_sessions_opened_total", "warden_sessions_closed_total",
          "warden_sessions_expired_total", "warden_leases_renewed_total", "warden_leader_confirmations_total",
          "warden_locks_held", "warden_locks_waiters", "warden_locks_grants_total", "warden_locks_releases_total",
          "warden_locks_handoff_seconds", "warden_clients_connections", "warden_events_pushed_total",
          "warden_snapshots_seconds", "warden_store_bytes", "warden_command_acquire_apply_seconds",
          "warden_command_marker_apply_seconds");
      assertThat(families.get("warden_sessions_live").type()).isEqualTo("gauge");
      assertThat(families.get("warden_sessions_opened_total").type()).isEqualTo("counter");
      assertThat(families.get("warden_command_acquire_apply_seconds").type()).isEqualTo("summary");
      assertThat(families.keySet()).as("Ratis's own metrics of this server")
          .anyMatch(name -> name.startsWith("ratis_log_worker_"))
          .anyMatch(name -> name.startsWith("ratis_state_machine_"))
          .anyMatch(name -> name.startsWith("ratis_server_"))
          .noneMatch(name -> name.contains("group_"));
    }
    assertThat(scrape(leader).keySet()).as("the leader's log appenders").anyMatch(n -> n.startsWith("ratis_log_appender_"));
  }

  @Test
  void aHandoffIsCountedAndTimedFromTheReleaseToTheNextGrant() {
    Map<String, Family> before = scrape(leader);
    try (RawClient a = RawClient.connect(leader.clientAddress()); RawClient b = RawClient.connect(leader.clientAddress())) {
      long sa = session(a);
      long sb = session(b);
      long token = acquire(a, "metrics/handoff", sa).getToken();
      assertThat(acquire(b, "metrics/handoff", sb).getWaiterId()).isPositive();
      assertThat(a.call(ClientMessage.newBuilder().setRelease(ReleaseRequest.newBuilder()
          .setName("metrics/handoff").setSessionId(sa).setToken(token))).hasRelease()).isTrue();
      assertThat(b.nextEvent().getEvent().getLockGranted().getSessionId()).isEqualTo(sb);
    }
    // The grant is applied (and counted) on the leader before the release is answered.
    Map<String, Family> after = scrape(leader);

    assertThat(delta(before, after, "warden_locks_grants_total")).as("the first grant and the handoff").isEqualTo(2);
    assertThat(delta(before, after, "warden_locks_releases_total")).isEqualTo(1);
    assertThat(delta(before, after, "warden_locks_handoff_seconds", "warden_locks_handoff_seconds_count")).isEqualTo(1);
    assertThat(delta(before, after, "warden_sessions_opened_total")).isEqualTo(2);
    assertThat(delta(before, after, "warden_command_release_apply_seconds", "warden_command_release_apply_seconds_count"))
        .isEqualTo(1);
    assertThat(delta(before, after, "warden_events_pushed_total")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aConfirmedKeepaliveCountsItsRenewalAndAConfirmationRound() {
    Map<String, Family> before = scrape(leader);
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      long id = session(client);
      assertThat(client.call(ClientMessage.newBuilder().setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(id)))
          .getKeepAlive().getRenewedList()).containsExactly(id);
    }
    Map<String, Family> after = scrape(leader);

    assertThat(delta(before, after, "warden_leases_renewed_total")).isEqualTo(1);
    assertThat(delta(before, after, "warden_leader_confirmations_total")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void liveSessionsFollowTheStore() {
    try (RawClient client = RawClient.connect(leader.clientAddress())) {
      long live = (long) value(leader, "warden_sessions_live", "warden_sessions_live");
      session(client);
      // The gauge reads a store scan cached for a second.
      await().atMost(Duration.ofSeconds(10))
          .until(() -> (long) value(leader, "warden_sessions_live", "warden_sessions_live") > live);
    }
  }

  @Test
  void wardenAndRatisMetricsArePublishedInJmx() throws Exception {
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    ObjectName created = new ObjectName("io.warden:node=" + leader.id() + ",type=counters,name=warden.sessions.opened");
    ObjectName live = new ObjectName("io.warden:node=" + leader.id() + ",type=gauges,name=warden.sessions.live");
    assertThat(mbeans.getAttribute(created, "Count")).isInstanceOf(Long.class);
    assertThat(mbeans.getAttribute(live, "Value")).isInstanceOf(Number.class);
    assertThat(mbeans.queryNames(new ObjectName("ratis:*"), null))
        .anyMatch(name -> name.getKeyProperty("name").contains(leader.id() + "@"));
  }

  private static double delta(Map<String, Family> before, Map<String, Family> after, String family) {
    return delta(before, after, family, family);
  }

  private static double delta(Map<String, Family> before, Map<String, Family> after, String family, String sample) {
    return after.get(family).value(sample) - before.get(family).value(sample);
  }
}
