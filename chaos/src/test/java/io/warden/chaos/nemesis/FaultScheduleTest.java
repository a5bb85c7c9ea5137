package io.warden.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
  private static List<PlannedFault> draw(long seed, List<FaultKind> kinds, int n) {
    FaultSchedule schedule = new FaultSchedule(seed, kinds, Duration.ofSeconds(3));
    return Stream.generate(schedule::next).limit(n).toList();
  }

  @Test
  void theSameSeedReplaysTheSameSchedule() {
    List<FaultKind> all = List.of(FaultKind.values());

    assertThat(draw(42, all, 50)).isEqualTo(draw(42, all, 50));
    assertThat(draw(42, all, 50)).isNotEqualTo(draw(43, all, 50));
  }

  @Test
  void onlyTheChosenKindsAreDrawn() {
    assertThat(draw(7, List.of(FaultKind.KILL), 30)).extracting(PlannedFault::kind)
        .containsOnly(FaultKind.KILL);
  }

  @Test
  void aPausedOrIsolatedClientStaysAwayLongerThanItsTtl() {
    assertThat(draw(9, List.of(FaultKind.PAUSE, FaultKind.PARTITION), 500))
        .filteredOn(f -> f.variant().startsWith("client"))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.durationMillis()).isGreaterThan(3_000));
  }

  @Test
  void dataNodesAreAimedAtOnlyWhenTheRunHasThem() {
    List<FaultKind> all = List.of(FaultKind.values());
    FaultSchedule withNodes = new FaultSchedule(11, all, Duration.ofSeconds(3), true);
    List<PlannedFault> with = Stream.generate(withNodes::next).limit(300).toList();

    assertThat(with).filteredOn(f -> f.variant().startsWith("member")).isNotEmpty()
        .allSatisfy(f -> assertThat(f.durationMillis()).as(f.toString())
            .isGreaterThan(f.kind() == FaultKind.KILL ? 999 : 3_000));
    assertThat(draw(11, all, 300)).noneMatch(f -> f.variant().startsWith("member"));
  }

  @Test
  void linkFaultsAreSlowOrLossy() {
    assertThat(draw(5, List.of(FaultKind.NETEM), 100)).extracting(PlannedFault::variant)
        .containsOnly("slow", "lossy", "lossy-all").contains("slow", "lossy", "lossy-all");
  }
}
