package io.warden.bench;

import io.warden.client.ServerInfo;
import io.warden.client.WardenClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code failover} (WORKLOADS.md): the uncontended loop on C threads (default 8) with every cycle
 * kept; at window start + {@code killAt} the leader's process gets SIGKILL; the window runs {@code
 * killAt + afterKill}. Then the threads stop, their sessions close, and the killed node is started
 * again with {@code bin/warden-server start} ("heal") and the quorum awaited, so the next run starts
 * clean.
 */
public final class FailoverWorkload {
  private final RunSettings settings;
  private final Connections connections;
  private final LocalQuorum quorum;
  private final Duration killAt;

  // Written by the interlude on the main thread, read after the run.
  private long killNanos;
  private String killedPid;
  private String killProblem;
  private LocalQuorum.Node killedNode;

  /** {@code settings.duration()} must already be {@code killAt + afterKill}. */
  public FailoverWorkload(RunSettings settings, Connections connections, LocalQuorum quorum, Duration killAt) {
    this.settings = settings;
    this.connections = connections;
    this.quorum = quorum;
    this.killAt = killAt;
  }

  /** Runs the workload, heals the quorum, and returns the result line. */
  public ResultLine run() throws Exception {
    List<String> endpoints = Arrays.asList(settings.endpoints().split(","));
    // The harness's own client for status calls: not one the workers' traffic goes through.
    WardenClient admin = connections.open();
    UncontendedWorkload loop = new UncontendedWorkload(settings, connections, quorum::serverPids);
    WorkerRun.Outcome o = loop.measure(run -> killLeader(run, admin, endpoints), true);
    String heal = heal(admin, endpoints);
    System.err.println("[warden-bench] " + heal);

    WorkerStats all = o.merged();
    ResultLine line = loop.rates("failover", o);
    FailoverGaps gaps = FailoverGaps.compute(o.window(),
        killNanos, o.stats().stream().map(st -> st.completions).toList());
    line.put("gap_ms", ResultLine.ms(gaps.gapNanos()))
        .put("gap_start_rel_kill_ms", killNanos == 0 ? null : ResultLine.ms(gaps.gapStartNanos() - killNanos))
        .put("recovery_ms", gaps.recoveryNanos() == null ? null : ResultLine.ms(gaps.recoveryNanos()))
        .put("stall_median_ms", ResultLine.ms(gaps.stallMedianNanos()))
        .put("stall_max_ms", ResultLine.ms(gaps.stallMaxNanos()))
        .put("kill_at_s", killNanos == 0 ? null : ResultLine.round((killNanos - o.window().start()) / 1e9, 3))
        .put("killed_pid", killedPid == null ? "none" : killedPid);
    if (killProblem != null) {
      line.put("kill_problem", killProblem);
    }
    if (killedNode != null) {
      line.put("killed_node", killedNode.id());
    }
    settings.tail(line, all.errors, all.sessionsLost);
    CpuSample.report(o.start(), o.beforeKill(), o.end(), line);
    settings.finish(line);
    return line;
  }

  /** At window start + killAt: find the leader, find its pid, SIGKILL it. */
  private void killLeader(WorkerRun run, WardenClient admin, List<String> endpoints) throws InterruptedException {
    Window.sleepUntil(run.window().start() + killAt.toNanos());
    Optional<ServerInfo> leader = LocalQuorum.leader(admin, endpoints);
    if (leader.isEmpty()) {
      problem("no server reported itself leader");
      return;
    }
    Optional<LocalQuorum.Node> node = quorum.node(leader.get().id());
    Optional<Long> pid = node.flatMap(LocalQuorum::pid);
    if (pid.isEmpty()) {
      problem("no live pid file for leader " + leader.get().id() + " (a remote cluster?)");
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
    run.sampleBeforeKill();
    killNanos = System.nanoTime();
    if (process.isPresent() && process.get().destroyForcibly()) { // SIGKILL
      killedPid = Long.toString(pid.get());
      killedNode = node.get();
      // Wall-clock time too, to line the kill up with the servers' logs (leader elections).
      System.err.println("[warden-bench] SIGKILL leader " + killedNode.id() + " (pid " + killedPid
          + ") at " + Instant.now());
    } else {
      killNanos = 0;
      problem("could not kill pid " + pid.get());
    }
  }

  private void problem(String text) {
    killProblem = text;
    System.err.println("[warden-bench] failover: " + text);
  }

  /** Restarts the killed node (data kept) and waits until all nodes agree on a leader. */
  private String heal(WardenClient admin, List<String> endpoints) throws Exception {
    if (killedNode == null) {
      return "heal: nothing was killed";
    }
    long h0 = System.nanoTime();
    Optional<Long> pid = Optional.of(Long.parseLong(killedPid));
    while (pid.flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(20); // SIGKILL is asynchronous; its ports are free only once it is gone
    }
    String out = quorum.restart(killedNode);
    boolean healthy = LocalQuorum.awaitHealthy(admin, endpoints, Duration.ofSeconds(60).toNanos());
    return "heal took " + (System.nanoTime() - h0) / 1_000_000 + " ms"
        + (healthy ? "" : " (quorum NOT healthy after 60 s)") + ": " + out.replace('\n', ' ');
  }
}
