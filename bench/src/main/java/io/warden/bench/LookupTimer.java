package io.warden.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Times a local lookup (the ring view's {@code ownerOf}) with a warmed-up loop instead of JMH, so
 * it runs inside the benchmark against a live ring view: each thread calls the lookup over a fixed
 * array of keys (cycled, so the keys differ call to call), first for the warm-up (JIT), then in
 * timed iterations; the result of every call feeds a sink that is published at the end (the
 * blackhole), so the JIT cannot drop the work. The loop reads the clock once per batch of {@link
 * #BATCH} calls, so clock reads cost well under 1 % of a lookup.
 */
public final class LookupTimer {
  /** Calls between clock reads. */
  static final int BATCH = 1 << 14;

  /** Where the threads' sinks end up: a volatile write the JIT must keep. */
  private static volatile long blackhole;

  /**
   * What the threads measured.
   *
   * @param threads threads that looked up at the same time
   * @param nsPerLookup the median over every thread's timed iterations of ns per call
   * @param nsPerLookupMin the fastest iteration's ns per call
   * @param lookupsPerSecond the threads' rates added up (their timed iterations run together)
   * @param lookups all timed calls
   */
  public record Result(int threads, double nsPerLookup, double nsPerLookupMin, double lookupsPerSecond,
                       long lookups) {}

  private final Function<String, ?> lookup;
  private final String[] keys;

  /** {@code keys.length} must be a power of two (the loop masks the index). */
  public LookupTimer(Function<String, ?> lookup, String[] keys) {
    if (Integer.bitCount(keys.length) != 1) {
      throw new IllegalArgumentException("the key count must be a power of two, was " + keys.length);
    }
    this.lookup = lookup;
    this.keys = keys.clone();
  }

  /**
   * Runs {@code threads} threads: warm-up, then {@code iterations} timed iterations filling
   * {@code measured}.
   */
  public Result run(int threads, Duration warmup, Duration measured, int iterations) throws InterruptedException {
    long iterationNanos = Math.max(1, measured.toNanos() / iterations);
    double[][] nsPerCall = new double[threads][];
    long[] calls = new long[threads];
    double[] rates = new double[threads];
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        long sink = loop(id * 977, warmup.toNanos()).sink();
        double[] ns = new double[iterations];
        long timedNanos = 0;
        for (int i = 0; i < iterations; i++) {
          Batch b = loop(id * 977 + i, iterationNanos);
          ns[i] = (double) b.nanos() / b.calls();
          calls[id] += b.calls();
          timedNanos += b.nanos();
          sink += b.sink();
        }
        nsPerCall[id] = ns;
        rates[id] = calls[id] * 1e9 / timedNanos;
        blackhole = sink;
      }, "lookup-" + t);
      workers.add(w);
      w.start();
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    double[] all = Arrays.stream(nsPerCall).flatMapToDouble(Arrays::stream).sorted().toArray();
    // The threads' timed iterations overlap (same warm-up, same length), so their rates add up.
    return new Result(threads, median(all), all[0], Arrays.stream(rates).sum(), Arrays.stream(calls).sum());
  }

  /** One batch loop's outcome. */
  private record Batch(long calls, long nanos, long sink) {}

  /** Calls the lookup in batches until {@code nanos} have passed. */
  private Batch loop(int offset, long nanos) {
    int mask = keys.length - 1;
    long sink = 0;
    long calls = 0;
    int i = offset;
    long t0 = System.nanoTime();
    long now;
    do {
      for (int b = 0; b < BATCH; b++) {
        Object owner = lookup.apply(keys[i++ & mask]);
        sink += owner.hashCode(); // consumes the answer itself, not only its presence
      }
      calls += BATCH;
      now = System.nanoTime();
    } while (now - t0 < nanos);
    return new Batch(calls, now - t0, sink);
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
