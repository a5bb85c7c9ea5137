package io.warden.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.chaos.history.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockCheckerTest {
  private static final String L = "L0";

  private static CheckReport check(Histories h) {
    return new Checker(Duration.ofSeconds(30)).check(h.events());
  }

  private static List<String> kinds(CheckReport report) {
    return report.anomalies().stream().map(Anomaly::kind).toList();
  }

  /** Two holders one after the other, each writing within its lease, and a read that agrees. */
  private static Histories cleanHandoff() {
    return new Histories().start()
        .fault("partition", 0.2).heal(0.5)
        .grant("c1", L, 101, 10, 0.9, 1.0, 4.0)
        .write("c1", L, 101, 10, 1.1, 4.0, 1.11, true, 10, 1.12)
        .release("c1", L, 101, 10, 1.5, 4.5, "ok", 1.52)
        .grant("c2", L, 202, 12, 1.2, 1.53, 4.5)
        .write("c2", L, 202, 12, 1.6, 4.6, 1.61, true, 12, 1.62)
        .read(L, 1.7, 1.71, new Event.Holder(L, 202, 12))
        .release("c2", L, 202, 12, 1.8, 4.8, "ok", 1.81)
        .read(L, 1.9, 1.91);
  }

  @Test
  void cleanHistoryPasses() {
    CheckReport report = check(cleanHandoff());

    assertThat(report.anomalies()).isEmpty();
    assertThat(report.ops()).isEqualTo(8);
    assertThat(report.reads()).isEqualTo(2);
    assertThat(report.faults()).containsEntry("partition", 1);
    assertThat(report.longestRecoveryNanos()).hasValue(500_000_000L);
  }

  @Test
  void overlappingHoldersAreCaught() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 5.0)
        .grant("c2", L, 202, 12, 1.5, 2.0, 6.0)
        .release("c1", L, 101, 10, 3.0, 5.0, "ok", 3.1)
        .release("c2", L, 202, 12, 3.5, 6.0, "ok", 3.6);

    assertThat(kinds(check(h))).containsExactly("overlap");
  }

  @Test
  void aLeaseThatRanOutEndsTheHoldBeforeTheRelease() {
    // c1 was paused from 1.5 to 4.0: its lease ended at 2.0, c2 was granted at 3.0.
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 2.0)
        .grant("c2", L, 202, 12, 1.2, 3.0, 6.0)
        .release("c1", L, 101, 10, 4.0, 2.0, "fail", 4.1)
        .release("c2", L, 202, 12, 4.5, 6.0, "ok", 4.6);

    assertThat(check(h).anomalies()).isEmpty();
  }

  @Test
  void aTokenLowerThanTheLastGrantsIsCaught() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 12, 0.9, 1.0, 4.0)
        .release("c1", L, 101, 12, 1.5, 4.0, "ok", 1.6)
        .grant("c2", L, 202, 10, 1.2, 2.0, 5.0)
        .release("c2", L, 202, 10, 2.5, 5.0, "ok", 2.6);

    assertThat(kinds(check(h))).containsExactly("token-order");
  }

  @Test
  void oneTokenForTwoSessionsIsCaught() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 4.0)
        .release("c1", L, 101, 10, 1.5, 4.0, "ok", 1.6)
        .grant("c2", L, 202, 10, 1.2, 2.0, 5.0)
        .release("c2", L, 202, 10, 2.5, 5.0, "ok", 2.6);

    assertThat(kinds(check(h))).contains("duplicate-token");
  }

  @Test
  void theSameGrantReturnedAfterAnUnknownReleaseIsNoRegression() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 4.0)
        .release("c1", L, 101, 10, 1.5, 4.0, "info", 2.5)
        .grant("c1", L, 101, 10, 2.6, 2.7, 5.0)
        .release("c1", L, 101, 10, 3.0, 5.0, "ok", 3.1);

    assertThat(check(h).anomalies()).isEmpty();
  }

  @Test
  void aRegisterThatAcceptsALowerTokenIsCaught() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 2.0)
        .grant("c2", L, 202, 12, 1.0, 3.0, 6.0)
        .write("c2", L, 202, 12, 3.1, 6.0, 3.11, true, 12, 3.12)
        // c1, paused past its lease, writes late; the register wrongly takes it.
        .write("c1", L, 101, 10, 4.0, 2.0, 4.01, true, 12, 4.02);

    assertThat(kinds(check(h))).containsExactly("register-regression");
  }

  @Test
  void aLateWriteIsFencedOrAcceptedBeforeTheSuccessorWritesAndIsNoAnomaly() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 2.0)
        .grant("c2", L, 202, 12, 1.0, 3.0, 6.0)
        .write("c1", L, 101, 10, 3.05, 2.0, 3.06, true, 10, 3.07) // before c2's first write
        .write("c2", L, 202, 12, 3.1, 6.0, 3.11, true, 12, 3.12)
        .write("c1", L, 101, 10, 4.0, 2.0, 4.01, false, 12, 4.02); // fenced

    CheckReport report = check(h);

    assertThat(report.anomalies()).isEmpty();
    assertThat(report.lateWritesAccepted()).isEqualTo(1);
    assertThat(report.lateWritesFenced()).isEqualTo(1);
  }

  @Test
  void aWriteWithinTheLeaseAfterANewerGrantIsCaught() {
    // c2 was granted while c1's lease still held: the write shows it even where the intervals
    // alone would (overlap is reported too).
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 5.0)
        .grant("c2", L, 202, 12, 1.0, 2.0, 6.0)
        .write("c1", L, 101, 10, 2.5, 5.0, 2.51, true, 10, 2.52);

    assertThat(kinds(check(h))).contains("overlap", "write-after-newer-grant");
  }

  @Test
  void aValidHolderFencedOutIsCaught() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 5.0)
        .write("c1", L, 101, 10, 2.5, 5.0, 2.51, false, 12, 2.52);

    assertThat(kinds(check(h))).contains("valid-holder-fenced-out");
  }

  @Test
  void aWriteStampedOutsideItsOwnInvocationMeansTheClocksDiffer() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 5.0)
        .write("c1", L, 101, 10, 2.5, 5.0, 2.4, true, 10, 2.52);

    assertThat(kinds(check(h))).containsExactly("clock");
  }

  @Test
  void aReadShowingAnAcknowledgedReleaseAsHeldIsALostRelease() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 4.0)
        .release("c1", L, 101, 10, 1.5, 4.0, "ok", 1.6)
        .read(L, 2.0, 2.1, new Event.Holder(L, 101, 10));

    assertThat(kinds(check(h))).containsExactly("lost-release");
  }

  @Test
  void aReadMissingAValidHolderIsALostGrant() {
    Histories h = new Histories().start()
        .grant("c1", L, 101, 10, 0.9, 1.0, 5.0)
        .read(L, 2.0, 2.1)
        .write("c1", L, 101, 10, 3.0, 5.0, 3.01, true, 10, 3.02)
        .release("c1", L, 101, 10, 3.5, 5.0, "ok", 3.6);

    assertThat(kinds(check(h))).containsExactly("lost-grant");
  }

  @Test
  void aHolderNobodyWasGrantedIsAPhantomUnlessAnAcquireOfItsSessionHadAnUnknownOutcome() {
    Histories phantom = new Histories().start()
        .read(L, 2.0, 2.1, new Event.Holder(L, 303, 17));
    Histories unknown = new Histories().start()
        .unknownAcquire("c3", L, 303, 1.0, 1.9)
        .read(L, 2.0, 2.1, new Event.Holder(L, 303, 17));

    assertThat(kinds(check(phantom))).containsExactly("phantom-holder");
    assertThat(check(unknown).anomalies()).isEmpty();
  }

  @Test
  void recoveryIsMeasuredFromEachHealAndBounded() {
    Histories slow = new Histories().start()
        .heal(1.0)
        .grant("c1", L, 101, 10, 1.0, 40.0, 43.0)
        .release("c1", L, 101, 10, 40.5, 43.0, "ok", 40.6);
    Histories censored = new Histories().start()
        .heal(1.0).fault("kill", 2.0)
        .grant("c1", L, 101, 10, 1.0, 40.0, 43.0);

    assertThat(kinds(check(slow))).containsExactly("slow-recovery");
    CheckReport report = check(censored);
    assertThat(report.anomalies()).isEmpty();
    assertThat(report.recoveries()).singleElement().extracting(Recovery::censored).isEqualTo(true);
  }

  @Test
  void aLockNeverAcquiredAfterTheLastHealIsNoRecovery() {
    Histories h = new Histories().start()
        .grant("c1", "L1", 101, 10, 0.1, 0.2, 3.0)
        .release("c1", "L1", 101, 10, 0.3, 3.0, "ok", 0.4)
        .heal(1.0)
        .grant("c1", L, 101, 12, 1.0, 1.5, 4.0)
        .release("c1", L, 101, 12, 40.0, 44.0, "ok", 40.1);

    assertThat(kinds(check(h))).containsExactly("no-recovery");
  }
}
