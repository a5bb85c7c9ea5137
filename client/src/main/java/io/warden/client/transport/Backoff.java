package io.warden.client.transport;

import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for one request: 50 ms, doubling up to 1 s.
 *
 * <p>Each delay is drawn uniformly from the upper half of the current step ("equal jitter"), so
 * many clients that lost the same leader at the same moment spread their retries instead of
 * arriving as one wave at the new leader, while no retry comes sooner than half the step.
 */
final class Backoff {
  static final long INITIAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(1);

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
