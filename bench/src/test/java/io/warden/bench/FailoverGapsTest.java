package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverGapsTest {
  // Window [100, 1100]: numbers are nanoseconds, small so the arithmetic is easy to check.
  private final Window window = new Window(0, 100, 1100);

  private static Completions cycles(long... startEndPairs) {
    Completions c = new Completions();
    for (int i = 0; i < startEndPairs.length; i += 2) {
      c.add(startEndPairs[i], startEndPairs[i + 1]);
    }
    return c;
  }

  @Test
  void gapIsTheLongestIntervalWithNoCompletionOfAnyThread() {
    Completions a = cycles(100, 150, 150, 200, 200, 900, 900, 1000);
    Completions b = cycles(120, 180, 180, 400, 400, 950);
    FailoverGaps g = FailoverGaps.compute(window, 250, List.of(a, b));
    // merged ends: 150 180 200 400 900 950 1000 -> longest 400..900
    assertThat(g.gapNanos()).isEqualTo(500);
    assertThat(g.gapStartNanos()).isEqualTo(400);
  }

  @Test
  void windowEdgesAreSentinels() {
    Completions late = cycles(100, 700, 700, 800);
    FailoverGaps g = FailoverGaps.compute(window, 0, List.of(late));
    // 100 (start) .. 700 is 600; 800 .. 1100 (end) is 300
    assertThat(g.gapNanos()).isEqualTo(600);
    assertThat(g.gapStartNanos()).isEqualTo(100);
  }

  @Test
  void completionsOutsideTheWindowAreIgnored() {
    Completions c = cycles(0, 50, 50, 600, 600, 1050, 1050, 1200);
    FailoverGaps g = FailoverGaps.compute(window, 0, List.of(c));
    // inside: 600, 1050 -> 100..600 = 500
    assertThat(g.gapNanos()).isEqualTo(500);
  }

  @Test
  void recoveryIsKillUntilTheFirstCycleStartedAfterTheKillEnds() {
    Completions a = cycles(300, 320, 320, 800);   // started before the kill: does not count
    Completions b = cycles(310, 700, 700, 760);   // the first started after kill (700) ends at 760
    FailoverGaps g = FailoverGaps.compute(window, 350, List.of(a, b));
    assertThat(g.recoveryNanos()).isEqualTo(760 - 350);
  }

  @Test
  void noRecoveryWithoutAKillOrWhenNothingFinishedInTheWindow() {
    Completions a = cycles(100, 200);
    assertThat(FailoverGaps.compute(window, 0, List.of(a)).recoveryNanos()).isNull();
    Completions b = cycles(600, 1200);
    assertThat(FailoverGaps.compute(window, 500, List.of(b)).recoveryNanos()).isNull();
  }

  @Test
  void stallsAreEachThreadsOwnLongestGapMedianAndMax() {
    Completions a = cycles(100, 200, 200, 1000);  // own gaps: 100, 800, 100 -> 800
    Completions b = cycles(100, 500, 500, 1000);  // 400, 500, 100 -> 500
    Completions c = cycles(100, 400, 400, 1100);  // 300, 700, 0 -> 700
    FailoverGaps g = FailoverGaps.compute(window, 0, List.of(a, b, c));
    assertThat(g.stallMedianNanos()).isEqualTo(700);
    assertThat(g.stallMaxNanos()).isEqualTo(800);
  }

  @Test
  void aThreadThatNeverCompletedStallsForTheWholeWindow() {
    FailoverGaps g = FailoverGaps.compute(window, 0, List.of(new Completions(), cycles(100, 600)));
    assertThat(g.stallMaxNanos()).isEqualTo(1000);
    assertThat(g.stallMedianNanos()).isEqualTo(500); // lower median of {500, 1000}
  }
}
