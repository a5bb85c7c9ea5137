package io.warden.bench;

import io.warden.client.lock.LockGrant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code contended} (WORKLOADS.md): C threads, each with its own session, loop on the one lock
 * {@code bench/c}. Measures handoffs (previous holder's release call until this holder's acquire
 * returns) and checks, in-process, mutual exclusion, the counter and that fencing tokens ({@link
 * LockGrant#token()}, the Raft index of the granting entry) strictly increase in grant order.
 */
public final class ContendedWorkload {
  static final String LOCK = "bench/c";

  private final RunSettings settings;
  private final Connections connections;
  private final Supplier<List<Long>> serverPids;
  private final FsyncProbe disk;

  // The critical section's shared state. Deliberately plain fields: only the lock under test
  // separates the threads, so a broken lock shows up as a violation or a wrong counter.
  private final AtomicBoolean holder = new AtomicBoolean();
  private long counter;
  private long lastToken = Long.MIN_VALUE;
  private long lastReleaseCall;
  private long tokenRegressions;
  private long mutexViolations;

  /**
   * The workload with {@code settings}, its clients from {@code connections}; {@code disk} (or
   * {@code null}) is the fdatasync probe of the quorum's disk, made in the same invocation, whose
   * limit the handoff rate is set against.
   */
  public ContendedWorkload(RunSettings settings, Connections connections, Supplier<List<Long>> serverPids,
                           FsyncProbe disk) {
    this.settings = settings;
    this.connections = connections;
    this.serverPids = serverPids;
    this.disk = disk;
  }

  /** Runs the workload and returns its result line. */
  public ResultLine run() throws Exception {
    int n = settings.clients();
    ThreadSession[] sessions = new ThreadSession[n];
    WorkerRun run = new WorkerRun(n, settings.warmup(), settings.duration(), serverPids);
    WorkerRun.Outcome o;
    try {
      o = run.run(
          id -> sessions[id] = new ThreadSession(connections.forThread(id), settings.sessionTtl(),
              "warden-bench/" + id, LOCK),
          (id, st) -> loop(run, sessions[id], st),
          null);
    } finally {
      UncontendedWorkload.closeAll(sessions);
    }
    return report(o);
  }

  private void loop(WorkerRun run, ThreadSession session, WorkerStats st) {
    Window w = run.window();
    while (!run.stopped()) {
      long s = System.nanoTime();
      try {
        LockGrant grant = session.lock(st).acquire(settings.opTimeout());
        long a = System.nanoTime();
        boolean inWindow = criticalSection(w, st, grant.token(), s, a);
        grant.close();
        long e = System.nanoTime();
        if (inWindow) {
          WorkerStats.record(st.cycle, e - s);
        }
      } catch (RuntimeException ex) {
        run.error(st, ex);
      }
    }
  }

  /** The checks and samples taken while holding the lock; returns whether the grant counts. */
  private boolean criticalSection(Window w, WorkerStats st, long token, long s, long a) {
    if (!holder.compareAndSet(false, true)) {
      mutexViolations++;
    }
    counter++;
    st.grants++;
    if (token <= lastToken) {
      tokenRegressions++;
    }
    lastToken = token;
    long previousRelease = lastReleaseCall;
    boolean inWindow = w.contains(a);
    if (inWindow) {
      WorkerStats.record(st.acquire, a - s);
      st.cycles++;
      if (previousRelease != 0) {
        WorkerStats.record(st.handoff, a - previousRelease);
        st.handoffs++;
      }
    }
    lastReleaseCall = System.nanoTime();
    holder.set(false);
    return inWindow;
  }

  private ResultLine report(WorkerRun.Outcome o) {
    WorkerStats all = o.merged();
    double secs = o.window().seconds();
    ResultLine line = settings.head("contended")
        .put("cycles", all.cycles)
        .put("cycles_per_s", ResultLine.round(all.cycles / secs, 1))
        .percentiles("acquire", all.acquire, true)
        .percentiles("cycle", all.cycle, false)
        .put("max_ms", ResultLine.ms(all.handoff.getMaxValue()))
        .put("handoffs_per_s", ResultLine.round(all.handoffs / secs, 1))
        .percentiles("handoff", all.handoff, false)
        .put("handoffs_over_1s",
            all.handoff.getCountBetweenValues(TimeUnit.SECONDS.toNanos(1), WorkerStats.HIST_MAX_NANOS))
        .put("tokens_monotonic", tokenRegressions == 0)
        .put("mutex_violations", mutexViolations)
        .put("counter_ok", counter == all.grants);
    if (disk != null) {
      // Every handoff needs one durable commit, so the disk's 1 / fdatasync bounds the rate.
      disk.addTo(line).put("handoffs_to_disk_limit",
          ResultLine.round(all.handoffs / secs / disk.limitPerSecond(), 3));
    }
    settings.tail(line, all.errors, all.sessionsLost);
    CpuSample.report(o.start(), null, o.end(), line);
    settings.finish(line);
    return line;
  }
}
