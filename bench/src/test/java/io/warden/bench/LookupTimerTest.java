package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LookupTimerTest {
  @Test
  void timesEveryThreadAndCyclesThroughTheKeys() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    String[] keys = {"k0", "k1", "k2", "k3"};
    LookupTimer timer = new LookupTimer(k -> {
      seen.add(k);
      return k.length();
    }, keys);

    LookupTimer.Result r = timer.run(2, Duration.ofMillis(20), Duration.ofMillis(60), 3);

    assertThat(seen).containsExactlyInAnyOrder(keys);
    assertThat(r.threads()).isEqualTo(2);
    assertThat(r.lookups()).isGreaterThanOrEqualTo(2L * 3 * LookupTimer.BATCH);
    assertThat(r.nsPerLookup()).isPositive().isGreaterThanOrEqualTo(r.nsPerLookupMin());
    assertThat(r.lookupsPerSecond()).isPositive();
  }

  @Test
  void theKeyCountMustBeAPowerOfTwo() {
    assertThatThrownBy(() -> new LookupTimer(k -> k, new String[3])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBenchmarkKeysAreDistinct() {
    assertThat(Set.of(OwnershipWorkload.keys())).hasSize(OwnershipWorkload.KEYS);
  }
}
