package io.warden.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The failover figures of WORKLOADS.md computed from every thread's completed cycles: the longest
 * service-wide gap with no completion, where it began relative to the kill, the recovery time, and
 * the per-thread stalls. Pure arithmetic, so it is tested without a cluster.
 *
 * @param gapNanos the longest interval inside the window with no cycle completing (the window's
 *     start and end are sentinels)
 * @param gapStartNanos where that interval began (a {@code nanoTime} value)
 * @param recoveryNanos kill until the end of the first cycle that started after the kill, or
 *     {@code null} if there was no kill or no such cycle ended inside the window
 * @param stallMedianNanos the median over threads of each thread's longest interval without one of
 *     its own completions
 * @param stallMaxNanos the maximum of those
 */
public record FailoverGaps(
    long gapNanos, long gapStartNanos, Long recoveryNanos, long stallMedianNanos, long stallMaxNanos) {

  /**
   * @param window the measured window
   * @param killNanos when SIGKILL was sent, or 0 if it was not
   * @param threads each thread's completions
   */
  public static FailoverGaps compute(Window window, long killNanos, List<Completions> threads) {
    int total = threads.stream().mapToInt(Completions::size).sum();
    long[] ends = new long[total];
    int k = 0;
    long firstAfterKill = Long.MAX_VALUE;
    for (Completions c : threads) {
      for (int i = 0; i < c.size(); i++) {
        ends[k++] = c.end(i);
        if (killNanos != 0 && c.start(i) >= killNanos && c.end(i) < firstAfterKill) {
          firstAfterKill = c.end(i);
        }
      }
    }
    Arrays.sort(ends);
    long[] gap = longestGap(window, ends, ends.length);

    long[] stalls = new long[threads.size()];
    for (int t = 0; t < threads.size(); t++) {
      Completions c = threads.get(t);
      long[] own = new long[c.size()];
      for (int i = 0; i < c.size(); i++) {
        own[i] = c.end(i);
      }
      stalls[t] = longestGap(window, own, own.length)[0];
    }
    Arrays.sort(stalls);
    Long recovery =
        killNanos == 0 || firstAfterKill == Long.MAX_VALUE || firstAfterKill > window.end()
            ? null
            : firstAfterKill - killNanos;
    long median = stalls.length == 0 ? window.end() - window.start() : stalls[(stalls.length - 1) / 2];
    long max = stalls.length == 0 ? window.end() - window.start() : stalls[stalls.length - 1];
    return new FailoverGaps(gap[0], gap[1], recovery, median, max);
  }

  /**
   * The longest interval between consecutive sorted completion times that lie inside the window,
   * with the window's start and end as sentinels: {length, where it began}.
   */
  static long[] longestGap(Window window, long[] sortedEnds, int n) {
    long prev = window.start();
    long gap = 0;
    long at = window.start();
    for (int i = 0; i < n; i++) {
      long e = sortedEnds[i];
      if (e < window.start() || e > window.end()) {
        continue;
      }
      if (e - prev > gap) {
        gap = e - prev;
        at = prev;
      }
      prev = e;
    }
    if (window.end() - prev > gap) {
      gap = window.end() - prev;
      at = prev;
    }
    return new long[] {gap, at};
  }
}
