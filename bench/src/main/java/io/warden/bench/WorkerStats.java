package io.warden.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One worker thread's measurements (each thread writes only its own; they are merged after the
 * threads have been joined): latency histograms with 3 significant digits, counters, and, for
 * failover, every completed cycle.
 */
public final class WorkerStats {
  /** The largest latency a histogram holds; longer samples are clamped to it. */
  public static final long HIST_MAX_NANOS = TimeUnit.SECONDS.toNanos(120);

  /** {@code a - s}: acquire (or session create) latency. */
  public final Histogram acquire = newHistogram();
  /** {@code e - s}: whole cycle. */
  public final Histogram cycle = newHistogram();
  /** Contended: previous holder's release call until this grant. */
  public final Histogram handoff = newHistogram();
  /** Failover: every completed cycle, in or out of the window. */
  public final Completions completions = new Completions();

  /** Cycles (or, contended, grants) counted in the window. */
  public long cycles;
  /** Contended: counted grants that had a previous holder. */
  public long handoffs;
  /** Failed calls inside the window. */
  public long errors;
  /** Contended: every grant of the run, warm-up included (for {@code counter_ok}). */
  public long grants;
  /** Sessions that ended under this thread and had to be created again. */
  public long sessionsLost;
  /** The first failure, for the one line printed to stderr. */
  public String firstError;

  /** A histogram of nanoseconds up to {@link #HIST_MAX_NANOS}, 3 significant digits. */
  public static Histogram newHistogram() {
    return new Histogram(HIST_MAX_NANOS, 3);
  }

  /** Records a latency, clamped into the histogram's range. */
  public static void record(Histogram h, long nanos) {
    h.recordValue(Math.min(Math.max(nanos, 0), HIST_MAX_NANOS));
  }

  /** All threads' statistics added together (histograms merged, counters summed). */
  public static WorkerStats merge(List<WorkerStats> all) {
    WorkerStats sum = new WorkerStats();
    for (WorkerStats st : all) {
      sum.acquire.add(st.acquire);
      sum.cycle.add(st.cycle);
      sum.handoff.add(st.handoff);
      sum.cycles += st.cycles;
      sum.handoffs += st.handoffs;
      sum.errors += st.errors;
      sum.grants += st.grants;
      sum.sessionsLost += st.sessionsLost;
    }
    return sum;
  }
}
