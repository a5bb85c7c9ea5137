package io.warden.bench;

import io.warden.client.ServerInfo;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code sessions} (Warden only): N sessions at TTL 10 s kept alive by one {@code WardenClient},
 * whose keeper sends one keepalive request for all sessions due at a tick. Nothing else writes, so
 * over the window the log grows only by the keepalives' leadership-confirmation markers (and the
 * commit-index metadata entry Ratis appends after each commit). Reports the leader's CPU, log
 * entries per second (commit index), marker entries per second (the leader's applied markers and
 * proposed confirmations, from {@code /metrics}), and the keepalive requests and renewals
 * acknowledged (seen by the client: {@link KeepAliveCounter}).
 */
public final class SessionsWorkload {
  /** Threads closing sessions at the end: few, so the leader's pending-write limit is never hit. */
  static final int CLOSE_THREADS = 32;
  /** How often every session's deadline is read: well under the 2 s keepalive interval. */
  static final long SAMPLE_EVERY_MS = 250;

  private final RunSettings settings;
  private final Connections connections;
  private final LocalQuorum quorum;
  private final int createConcurrency;
  private final int sessionClients;

  /**
   * @param createConcurrency creates in flight while setting up: enough to batch, few enough that
   *     the creation itself does not starve the keepalives of the sessions already created
   * @param sessionClients the {@code WardenClient}s the sessions are spread over: 1 is the
   *     workload as defined (one keepalive request per tick); more split the client-side work
   */
  public SessionsWorkload(RunSettings settings, Connections connections, LocalQuorum quorum,
                          int createConcurrency, int sessionClients) {
    this.settings = settings;
    this.connections = connections;
    this.quorum = quorum;
    this.createConcurrency = createConcurrency;
    this.sessionClients = sessionClients;
  }

  /** Runs one measurement with {@code n} sessions and returns its result line. */
  public ResultLine run(int n) throws Exception {
    List<String> endpoints = Arrays.asList(settings.endpoints().split(","));
    WardenClient admin = connections.open();
    WardenClient[] clients = new WardenClient[sessionClients];
    for (int k = 0; k < sessionClients; k++) {
      clients[k] = connections.open();
    }
    long c0 = System.nanoTime();
    WardenSession[] sessions = create(clients, n);
    double createSeconds = (System.nanoTime() - c0) / 1e9;
    System.err.printf("[warden-bench] sessions: %d created in %.1f s%n", n, createSeconds);

    KeepAliveCounter counter = new KeepAliveCounter(deadlines(sessions));
    Thread sampler = new Thread(() -> sample(sessions, counter), "keepalive-sampler");
    sampler.setDaemon(true);
    sampler.start();
    Window.sleepUntil(System.nanoTime() + settings.warmup().toNanos());

    ServerInfo leader = LocalQuorum.leader(admin, endpoints)
        .orElseThrow(() -> new IllegalStateException("no leader at window start"));
    AdminEndpoint leaderAdmin = new AdminEndpoint(leader.adminAddress());
    Optional<Long> leaderPid = quorum.node(leader.id()).flatMap(LocalQuorum::pid);
    Map<String, Double> m0 = leaderAdmin.metrics();
    long leaderTicks0 = leaderPid.map(p -> CpuSample.processTicks(Long.toString(p))).orElse(-1L);
    CpuSample cpu0 = CpuSample.take(quorum.serverPids());
    counter.counting(true);
    long w0 = System.nanoTime();

    Window.sleepUntil(w0 + settings.duration().toNanos());

    counter.counting(false);
    long w1 = System.nanoTime();
    CpuSample cpu1 = CpuSample.take(quorum.serverPids());
    long leaderTicks1 = leaderPid.map(p -> CpuSample.processTicks(Long.toString(p))).orElse(-1L);
    Map<String, Double> m1 = leaderAdmin.metrics();
    ServerInfo leaderEnd = admin.serverStatus(leader.clientAddress());
    sampler.interrupt();
    sampler.join();
    long valid = Arrays.stream(sessions).filter(WardenSession::isValid).count();
    double secs = (w1 - w0) / 1e9;

    ResultLine line = new ResultLine()
        .put("system", "warden")
        .put("workload", "sessions")
        .put("sessions", n)
        .put("session_clients", sessionClients)
        .put("duration_s", RunSettings.seconds(settings.duration()))
        .put("create_s", ResultLine.round(createSeconds, 1))
        .put("creates_per_s", ResultLine.round(n / createSeconds, 1))
        .put("leader", leader.id())
        .put("leader_changed", !leaderEnd.isLeader() || leaderEnd.term() != leader.term())
        .put("leader_cpu", leaderTicks0 < 0 || leaderTicks1 < 0 ? null
            : ResultLine.round(CpuSample.cores(leaderTicks0, leaderTicks1, secs), 3))
        // Every log index, Ratis's own commit-index metadata entries included (nothing else writes).
        .put("log_entries_per_s", ResultLine.round((leaderEnd.commitIndex() - leader.commitIndex()) / secs, 1))
        // The keepalives' leadership markers alone, as applied by the leader.
        .put("marker_entries_per_s", perSecond(AdminEndpoint.delta(m0, m1, "warden_command_marker_apply_seconds_count"), secs))
        .put("confirmations_per_s", perSecond(AdminEndpoint.delta(m0, m1, "warden_leader_confirmations_total"), secs))
        .put("leases_renewed_per_s", perSecond(AdminEndpoint.delta(m0, m1, "warden_leases_renewed_total"), secs))
        .put("keepalive_requests_acked", counter.requests())
        .put("keepalive_requests_per_s", ResultLine.round(counter.requests() / secs, 2))
        .put("keepalive_renewals_per_s", ResultLine.round(counter.renewals() / secs, 1))
        .put("sessions_valid_at_end", valid)
        .put("sessions_lost", n - valid)
        .put("warmup_s", RunSettings.seconds(settings.warmup()))
        .put("session_timeout_ms", settings.sessionTtl().toMillis())
        .put("nproc", Runtime.getRuntime().availableProcessors());
    CpuSample.report(cpu0, null, cpu1, line);
    settings.finish(line);

    closeGently(sessions);
    for (WardenClient c : clients) {
      c.close();
    }
    awaitNoSessions(leaderAdmin);
    return line;
  }

  /** Creates {@code n} sessions round-robin over the clients, {@code createConcurrency} at a time. */
  private WardenSession[] create(WardenClient[] clients, int n) throws InterruptedException {
    WardenSession[] sessions = new WardenSession[n];
    Semaphore inFlight = new Semaphore(createConcurrency);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < n && failure.get() == null; i++) {
      inFlight.acquire();
      int id = i;
      CompletableFuture<WardenSession> f =
          clients[i % clients.length].createSessionAsync(settings.sessionTtl(), "warden-bench/sessions/" + i);
      f.whenComplete((s, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        } else {
          sessions[id] = s;
        }
        inFlight.release();
      });
    }
    inFlight.acquire(createConcurrency);
    if (failure.get() != null) {
      throw new IllegalStateException("creating " + n + " sessions failed", failure.get());
    }
    return sessions;
  }

  /**
   * Closes the sessions a few at a time. {@code WardenClient.close()} would send every CloseSession
   * at once, more than the leader's pending-write limit takes; the refused ones would expire only
   * after the TTL, one WARN line each.
   */
  private static void closeGently(WardenSession[] sessions) throws InterruptedException {
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(CLOSE_THREADS);
    for (WardenSession s : sessions) {
      pool.execute(s::close);
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    System.err.printf("[warden-bench] sessions: %d closed in %.1f s%n", sessions.length,
        (System.nanoTime() - t0) / 1e9);
  }

  private static long[] deadlines(WardenSession[] sessions) {
    long[] d = new long[sessions.length];
    for (int i = 0; i < sessions.length; i++) {
      d[i] = sessions[i].deadlineNanos();
    }
    return d;
  }

  private static void sample(WardenSession[] sessions, KeepAliveCounter counter) {
    while (!Thread.currentThread().isInterrupted()) {
      counter.observe(deadlines(sessions));
      try {
        Thread.sleep(SAMPLE_EVERY_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Waits (at most TTL + 60 s) until the leader holds no sessions, so the next measurement's
   * commit index does not include this one's expiries.
   */
  private void awaitNoSessions(AdminEndpoint leaderAdmin) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + settings.sessionTtl().toNanos() + Duration.ofSeconds(60).toNanos();
    OptionalDouble live = leaderAdmin.status("sessions");
    while (live.isPresent() && live.getAsDouble() > 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(500);
      live = leaderAdmin.status("sessions");
    }
    System.err.printf("[warden-bench] sessions: %s left on the leader after %.1f s%n",
        live.isPresent() ? Long.toString((long) live.getAsDouble()) : "?",
        (System.nanoTime() - t0) / 1e9);
  }

  private static Double perSecond(Double delta, double secs) {
    return delta == null ? null : ResultLine.round(delta / secs, 1);
  }
}
