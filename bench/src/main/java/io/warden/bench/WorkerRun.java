package io.warden.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * C worker threads on the common clock of WORKLOADS.md: each thread prepares (connects, creates its
 * session) first; when all are ready they are released together at T0; the main thread samples
 * {@code /proc} at the window's start and end, runs an optional interlude in between (the
 * failover kill), then stops and joins the threads.
 */
public final class WorkerRun {
  /** Pause after a failed call before the next cycle (WORKLOADS.md, "Errors"). */
  static final long ERROR_BACKOFF_MS = 10;

  /** Per-thread work before T0. */
  @FunctionalInterface
  public interface Setup {
    /** Prepares thread {@code id}; a failure aborts the run. */
    void prepare(int id) throws Exception;
  }

  /** A worker's loop; it must return soon after {@link WorkerRun#stopped()} turns true. */
  @FunctionalInterface
  public interface Loop {
    /** Runs thread {@code id}'s cycles, recording into {@code stats}. */
    void run(int id, WorkerStats stats);
  }

  /** What the main thread does inside the window (after the start sample). */
  @FunctionalInterface
  public interface Interlude {
    /** Runs between the window's start and end. */
    void during(WorkerRun run) throws Exception;
  }

  /** The outcome: per-thread statistics and the CPU samples around the window. */
  public record Outcome(Window window, List<WorkerStats> stats, CpuSample start, CpuSample beforeKill,
                        CpuSample end) {
    /** All threads merged. */
    public WorkerStats merged() {
      return WorkerStats.merge(stats);
    }
  }

  private final int threads;
  private final Duration warmup;
  private final Duration duration;
  private final Supplier<List<Long>> serverPids;
  private volatile boolean stop;
  private volatile Window window;
  private volatile CpuSample beforeKill;

  /**
   * @param serverPids the processes {@code cpu_servers} counts, read at each sample
   */
  public WorkerRun(int threads, Duration warmup, Duration duration, Supplier<List<Long>> serverPids) {
    this.threads = threads;
    this.warmup = warmup;
    this.duration = duration;
    this.serverPids = serverPids;
  }

  /** Whether the workers should stop. */
  public boolean stopped() {
    return stop;
  }

  /** The run's clock; set at T0, before any loop starts. */
  public Window window() {
    return window;
  }

  /** Samples {@code /proc} now as the reading just before a server is killed. */
  public void sampleBeforeKill() {
    beforeKill = CpuSample.take(serverPids.get());
  }

  /** Runs the threads through warm-up and window and returns what they measured. */
  public Outcome run(Setup setup, Loop loop, Interlude interlude) throws Exception {
    List<WorkerStats> stats = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    Exception[] setupError = new Exception[1];
    for (int i = 0; i < threads; i++) {
      int id = i;
      WorkerStats st = new WorkerStats();
      stats.add(st);
      Thread t =
          new Thread(
              () -> {
                boolean prepared = false;
                try {
                  setup.prepare(id);
                  prepared = true;
                } catch (Exception e) {
                  synchronized (setupError) {
                    if (setupError[0] == null) {
                      setupError[0] = e;
                    }
                  }
                } finally {
                  ready.countDown();
                }
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                if (prepared && !stop) {
                  loop.run(id, st);
                }
              },
              "bench-" + i);
      workers.add(t);
      t.start();
    }
    if (!ready.await(120, TimeUnit.SECONDS) || setupError[0] != null) {
      stop = true;
      go.countDown();
      throw new IllegalStateException("worker setup failed", setupError[0]);
    }

    window = Window.startingAt(System.nanoTime(), warmup, duration);
    go.countDown();
    Window.sleepUntil(window.start());
    CpuSample start = CpuSample.take(serverPids.get());
    if (interlude != null) {
      interlude.during(this);
    }
    Window.sleepUntil(window.end());
    CpuSample end = CpuSample.take(serverPids.get());
    stop = true;
    for (Thread t : workers) {
      t.join(TimeUnit.SECONDS.toMillis(120));
    }
    return new Outcome(window, stats, start, beforeKill, end);
  }

  /**
   * Accounts for a failed call: an error if it happened inside the window, the first one per
   * thread printed, then a short pause so a down cluster is not hammered.
   */
  public void error(WorkerStats st, Exception ex) {
    long t = System.nanoTime();
    Window w = window;
    if (w != null && w.contains(t)) {
      st.errors++;
    }
    if (st.firstError == null) {
      st.firstError = ex.toString();
      System.err.println("[warden-bench] " + Thread.currentThread().getName() + " error: " + st.firstError);
    }
    try {
      Thread.sleep(ERROR_BACKOFF_MS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }
}
