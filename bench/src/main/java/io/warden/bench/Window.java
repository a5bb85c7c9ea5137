package io.warden.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The clock of one run (WORKLOADS.md, "Clock and windows"): all threads start at {@code t0};
 * warm-up is {@code [t0, start)}, the measured window {@code [start, end]}. Times are {@link
 * System#nanoTime()} values.
 *
 * @param t0 when the worker threads were released
 * @param start the window's start, {@code t0} + warm-up
 * @param end the window's end, {@code start} + duration
 */
public record Window(long t0, long start, long end) {

  /** The window of a run released at {@code t0}. */
  public static Window startingAt(long t0, Duration warmup, Duration duration) {
    long start = t0 + warmup.toNanos();
    return new Window(t0, start, start + duration.toNanos());
  }

  /** A cycle counts iff it started inside the window and ended inside it. */
  public boolean countsCycle(long startNanos, long endNanos) {
    return startNanos >= start && endNanos <= end;
  }

  /** Whether an instant (a grant, an error) lies inside the window. */
  public boolean contains(long nanos) {
    return nanos >= start && nanos <= end;
  }

  /** The window's length in seconds: the denominator of every rate. */
  public double seconds() {
    return (end - start) / 1e9;
  }

  /** Sleeps until {@code deadlineNanos}, in short steps so an early wake-up cannot drift. */
  public static void sleepUntil(long deadlineNanos) throws InterruptedException {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, 50_000_000L));
    }
  }
}
