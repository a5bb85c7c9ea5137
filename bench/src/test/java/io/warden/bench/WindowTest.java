package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowTest {
  private final Window w = Window.startingAt(1_000, Duration.ofNanos(500), Duration.ofNanos(2_000));

  @Test
  void warmupPrecedesTheWindow() {
    assertThat(w.start()).isEqualTo(1_500);
    assertThat(w.end()).isEqualTo(3_500);
  }

  @Test
  void cycleCountsOnlyIfItStartsAndEndsInsideTheWindow() {
    assertThat(w.countsCycle(1_500, 3_500)).isTrue();   // both edges are inside
    assertThat(w.countsCycle(1_499, 2_000)).isFalse();  // started in warm-up
    assertThat(w.countsCycle(3_000, 3_501)).isFalse();  // ended after the window
  }

  @Test
  void grantCountsIfItLandsInsideTheWindow() {
    assertThat(w.contains(1_500)).isTrue();
    assertThat(w.contains(3_500)).isTrue();
    assertThat(w.contains(1_499)).isFalse();
    assertThat(w.contains(3_501)).isFalse();
  }

  @Test
  void ratesDivideByTheWindowNotTheRun() {
    Window twenty = Window.startingAt(0, Duration.ofSeconds(5), Duration.ofSeconds(20));
    assertThat(twenty.seconds()).isEqualTo(20.0);
  }
}
