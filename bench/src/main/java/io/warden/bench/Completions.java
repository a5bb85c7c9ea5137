package io.warden.bench;

import java.util.Arrays;

/**
 * Every cycle one thread completed, as (start, end) pairs in completion order: the raw data of
 * the failover figures. Written by its thread only, read after the threads have been joined.
 */
public final class Completions {
  private long[] starts = new long[1024];
  private long[] ends = new long[1024];
  private int size;

  /** Records one completed cycle. */
  public void add(long startNanos, long endNanos) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    starts[size] = startNanos;
    ends[size] = endNanos;
    size++;
  }

  /** How many cycles were recorded. */
  public int size() {
    return size;
  }

  /** The start of cycle {@code i}. */
  public long start(int i) {
    return starts[i];
  }

  /** The end of cycle {@code i}; non-decreasing in {@code i}, as one thread runs one cycle at a time. */
  public long end(int i) {
    return ends[i];
  }
}
