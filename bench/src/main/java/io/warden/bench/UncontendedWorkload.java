package io.warden.bench;

import io.warden.client.lock.LockGrant;
import io.warden.client.lock.WardenLock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code uncontended} (WORKLOADS.md): thread i loops acquire/release on its own lock {@code
 * bench/u/<i>} through its own session. A cycle is {@code s = now; acquire; a = now; release; e =
 * now} and counts iff {@code s} and {@code e} lie in the window. In Warden each cycle is two Raft
 * writes (Acquire, Release). The failover workload runs this same loop, keeping every completion.
 */
public final class UncontendedWorkload {
  private final RunSettings settings;
  private final Connections connections;
  private final Supplier<List<Long>> serverPids;

  /** The workload with {@code settings}, its clients from {@code connections}. */
  public UncontendedWorkload(RunSettings settings, Connections connections, Supplier<List<Long>> serverPids) {
    this.settings = settings;
    this.connections = connections;
    this.serverPids = serverPids;
  }

  /** Runs the workload and returns its result line. */
  public ResultLine run() throws Exception {
    WorkerRun.Outcome o = measure(null, false);
    return report("uncontended", o);
  }

  /**
   * Runs the loop on C threads, with {@code interlude} inside the window and, if {@code
   * keepCompletions}, every cycle's (start, end) kept for the failover figures.
   */
  WorkerRun.Outcome measure(WorkerRun.Interlude interlude, boolean keepCompletions) throws Exception {
    int n = settings.clients();
    ThreadSession[] sessions = new ThreadSession[n];
    WorkerRun run = new WorkerRun(n, settings.warmup(), settings.duration(), serverPids);
    try {
      return run.run(
          id -> sessions[id] = new ThreadSession(connections.forThread(id), settings.sessionTtl(),
              "warden-bench/" + id, "bench/u/" + id),
          (id, st) -> loop(run, sessions[id], st, keepCompletions),
          interlude);
    } finally {
      closeAll(sessions);
    }
  }

  private void loop(WorkerRun run, ThreadSession session, WorkerStats st, boolean keepCompletions) {
    Window w = run.window();
    while (!run.stopped()) {
      long s = System.nanoTime();
      try {
        WardenLock lock = session.lock(st);
        LockGrant grant = lock.acquire(settings.opTimeout());
        long a = System.nanoTime();
        grant.close();
        long e = System.nanoTime();
        if (w.countsCycle(s, e)) {
          WorkerStats.record(st.acquire, a - s);
          WorkerStats.record(st.cycle, e - s);
          st.cycles++;
        }
        if (keepCompletions) {
          st.completions.add(s, e);
        }
      } catch (RuntimeException ex) {
        run.error(st, ex);
      }
    }
  }

  /** The fields shared by uncontended and failover, up to {@code max_ms}. */
  ResultLine rates(String workload, WorkerRun.Outcome o) {
    WorkerStats all = o.merged();
    ResultLine line = settings.head(workload)
        .put("cycles", all.cycles)
        .put("cycles_per_s", ResultLine.round(all.cycles / o.window().seconds(), 1))
        .percentiles("acquire", all.acquire, true)
        .percentiles("cycle", all.cycle, false)
        .put("max_ms", ResultLine.ms(all.cycle.getMaxValue()));
    return line;
  }

  private ResultLine report(String workload, WorkerRun.Outcome o) {
    WorkerStats all = o.merged();
    ResultLine line = rates(workload, o);
    settings.tail(line, all.errors, all.sessionsLost);
    CpuSample.report(o.start(), o.beforeKill(), o.end(), line);
    settings.finish(line);
    return line;
  }

  /** Closes the threads' sessions in parallel (each close is one write). */
  static void closeAll(ThreadSession[] sessions) {
    Arrays.stream(sessions).parallel().filter(Objects::nonNull).forEach(ThreadSession::close);
  }
}
