package io.warden.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.chaos.history.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipCheckerTest {
  private static CheckReport check(Histories h) {
    return new Checker(Duration.ofSeconds(30)).check(h.events());
  }

  private static List<String> kinds(CheckReport report) {
    return report.anomalies().stream().map(Anomaly::kind).toList();
  }

  private static Event.Owner owner(int partition, String node, long token) {
    return new Event.Owner(partition, node, token, false);
  }

  /** d1 hands partition 3 to d2 (release, then d2's acquire), and the ring reads agree. */
  private static Histories cleanHandoff() {
    return new Histories().start()
        .owns("d1", 11, 3, 20, 1.0, 4.0)
        .ring(1.5, 1.6, owner(3, "d1", 20))
        .lease("d1", 11, 2.0, 5.0)
        .disowns("d1", 11, 3, 20, 2.5, 5.5)
        .owns("d2", 22, 3, 31, 2.6, 5.6)
        .lease("d2", 22, 3.0, 6.0)
        .ring(2.8, 2.9, owner(3, "d2", 31))
        .lease("d2", 22, 3.5, 6.5);
  }

  @Test
  void aCleanHandoffPasses() {
    CheckReport report = check(cleanHandoff());

    assertThat(report.anomalies()).isEmpty();
    assertThat(report.ringReads()).isEqualTo(2);
    assertThat(report.count("partition", "acquire")).isEqualTo(2);
    assertThat(report.count("partition", "release")).isEqualTo(1);
    assertThat(report.ops()).as("two ring reads and three ownership events").isEqualTo(5);
  }

  @Test
  void twoOwnersAtOnceAreCaught() {
    Histories h = new Histories().start()
        .owns("d1", 11, 3, 20, 1.0, 4.0)
        .owns("d2", 22, 3, 31, 2.0, 5.0)
        .disowns("d1", 11, 3, 20, 2.5, 5.5);

    CheckReport report = check(h);

    assertThat(kinds(report)).containsExactly("overlap");
    assertThat(report.anomalies().get(0).partition()).isEqualTo(3);
    assertThat(report.anomalies().get(0).lock()).isNull();
  }

  @Test
  void anOwnerWhoseLeaseRanOutNoLongerOwns() {
    // d1 was paused from 1.5 to 6.0: its lease ended at 2.0, its session expired and the cluster
    // gave the partition to d2 at 3.0; d1 hears of the end only when it runs again.
    Histories h = new Histories().start()
        .owns("d1", 11, 3, 20, 1.0, 2.0)
        .owns("d2", 22, 3, 31, 3.0, 6.0)
        .disowns("d1", 11, 3, 20, 6.0, 2.0);

    assertThat(check(h).anomalies()).isEmpty();
  }

  @Test
  void aKilledOwnersIntervalEndsAtTheLastDeadlineItReported() {
    // d1 reported a lease until 4.5 at 2.0, then was killed: nobody may own before 4.5.
    Histories h = new Histories().start()
        .owns("d1", 11, 3, 20, 1.0, 4.0)
        .lease("d1", 11, 2.0, 4.5)
        .owns("d2", 22, 3, 31, 4.2, 7.0);

    assertThat(kinds(check(h))).containsExactly("overlap");
  }

  @Test
  void aTokenLowerThanThePreviousOwnersIsCaught() {
    Histories h = new Histories().start()
        .owns("d1", 11, 3, 31, 1.0, 4.0)
        .disowns("d1", 11, 3, 31, 1.5, 4.0)
        .owns("d2", 22, 3, 20, 2.0, 5.0);

    assertThat(kinds(check(h))).containsExactly("token-order");
  }

  @Test
  void tokensAreComparedPerPartition() {
    Histories h = new Histories().start()
        .owns("d1", 11, 3, 31, 1.0, 4.0)
        .owns("d2", 22, 4, 20, 2.0, 5.0);

    assertThat(check(h).anomalies()).isEmpty();
  }

  @Test
  void aRingReadThatLostAnAcquireIsCaught() {
    // d2 acquired partition 3 before the read and still held it, validly, after; the read says d1.
    Histories h = new Histories().start()
        .owns("d1", 11, 3, 20, 1.0, 4.0)
        .disowns("d1", 11, 3, 20, 1.5, 4.0)
        .owns("d2", 22, 3, 31, 1.6, 4.6)
        .ring(2.0, 2.1, owner(3, "d1", 20))
        .lease("d2", 22, 2.5, 5.0);

    assertThat(kinds(check(h))).containsExactly("lost-acquire");
  }

  @Test
  void aRingReadShowingNoOwnerForAHeldPartitionIsCaught() {
    Histories h = new Histories().start()
        .owns("d1", 11, 3, 20, 1.0, 4.0)
        .ring(2.0, 2.1, owner(3, "", 0))
        .disowns("d1", 11, 3, 20, 2.5, 5.0);

    assertThat(kinds(check(h))).containsExactly("lost-acquire");
  }

  @Test
  void aReadDuringAHandoffOrAfterTheOwnerWentQuietProvesNothing() {
    Histories h = new Histories().start()
        // released while the read was under way: the read may show either owner
        .owns("d1", 11, 3, 20, 1.0, 4.0)
        .ring(2.0, 2.2, owner(3, "", 0))
        .disowns("d1", 11, 3, 20, 2.1, 4.0)
        // d2 acquired, then was never heard of again after the read (killed)
        .owns("d2", 22, 5, 40, 2.5, 2.9)
        .ring(3.0, 3.1, owner(5, "", 0));

    assertThat(check(h).anomalies()).isEmpty();
  }
}
