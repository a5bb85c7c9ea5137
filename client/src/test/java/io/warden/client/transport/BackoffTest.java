package io.warden.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void stepsDoubleFromTwentyMillisecondsUpTo200WithJitterInTheUpperHalf() {
    long[] steps = {20 * MS, 40 * MS, 80 * MS, 160 * MS, 200 * MS, 200 * MS};
    SplittableRandom seeds = new SplittableRandom(7);
    for (int run = 0; run < 1_000; run++) {
      Backoff backoff = new Backoff(seeds.split());
      for (long step : steps) {
        assertThat(backoff.nextDelayNanos()).isBetween(step / 2, step);
      }
    }
  }

  @Test
  void jitterSpreadsRetriesOfDifferentClients() {
    Backoff a = new Backoff(new SplittableRandom(1));
    Backoff b = new Backoff(new SplittableRandom(2));
    assertThat(a.nextDelayNanos()).isNotEqualTo(b.nextDelayNanos());
  }
}
