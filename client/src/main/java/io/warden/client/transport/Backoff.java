package io.warden.client.transport;

import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for one request: 20 ms, doubling up to 200 ms.
 *
 * <p>The cap is low on purpose. What a client waits out here is an election (NO_LEADER) or an
 * unknown outcome, and an election takes a few hundred milliseconds; a NO_LEADER answer costs the
 * follower no Raft round. With a 1 s cap the client's next try came up to a second after the new
 * leader was ready, which was most of the measured failover gap (BENCHMARKS.md, "failover").
 *
 * <p>Each delay is drawn uniformly from the upper half of the current step ("equal jitter"), so
 * many clients that lost the same leader at the same moment spread their retries instead of
 * arriving as one wave at the new leader, while no retry comes sooner than half the step.
 */
final class Backoff {
  static final long INITIAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  static final long MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final RandomGenerator random;
  private long step = INITIAL_NANOS;

  Backoff(RandomGenerator random) {
    this.random = random;
  }

  /** The delay before the next retry, in nanoseconds; each call doubles the step up to the cap. */
  long nextDelayNanos() {
    long half = step / 2;
    long delay = half + random.nextLong(step - half + 1);
    step = Math.min(step * 2, MAX_NANOS);
    return delay;
  }
}
