package io.warden.client.lock;

import static io.warden.client.lock.GrantTriage.Verdict.DUPLICATE;
import static io.warden.client.lock.GrantTriage.Verdict.GRANTS_WAITER;
import static io.warden.client.lock.GrantTriage.Verdict.HOLD_FOR_REPLY;
import static io.warden.client.lock.GrantTriage.Verdict.ORPHAN;
import static io.warden.client.lock.GrantTriage.Verdict.RACED_WITH_CANCEL;
import static io.warden.client.lock.GrantTriage.Verdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dedupe rules for pushed grants, on hand-built slots. */
class GrantTriageTest {
  private static final String NAME = "orders";

  @Test
  void theHeldGrantPushedAgainIsADuplicate() {
    LockSlot slot = holding(40);

    assertThat(GrantTriage.triage(slot, push(17, 40))).isEqualTo(DUPLICATE);
    assertThat(GrantTriage.triage(slot, push(0, 40))).isEqualTo(DUPLICATE);
  }

  @Test
  void anotherGrantWhileHoldingIsStale() {
    assertThat(GrantTriage.triage(holding(40), push(12, 30))).isEqualTo(STALE);
  }

  @Test
  void aGrantWhoseReleaseIsInFlightIsADuplicate() {
    LockSlot slot = new LockSlot(NAME);
    slot.releasing.add(40L);

    assertThat(GrantTriage.triage(slot, push(17, 40))).isEqualTo(DUPLICATE);
  }

  @Test
  void aGrantArrivingWhileTheAcquireIsInFlightWaitsForItsReply() {
    LockSlot slot = active(Acquisition.Phase.SENDING, 0);

    assertThat(GrantTriage.triage(slot, push(50, 60))).isEqualTo(HOLD_FOR_REPLY);
  }

  @Test
  void aGrantNamingTheWaiterCompletesIt() {
    assertThat(GrantTriage.triage(active(Acquisition.Phase.QUEUED, 50), push(50, 60)))
        .isEqualTo(GRANTS_WAITER);
  }

  @Test
  void aResentGrantThatNamesNoWaiterBelongsToTheWaiterQueuedBeforeIt() {
    assertThat(GrantTriage.triage(active(Acquisition.Phase.QUEUED, 50), push(0, 60)))
        .isEqualTo(GRANTS_WAITER);
  }

  @Test
  void aGrantOlderThanTheWaiterWasReleasedBeforeItQueuedAndIsStale() {
    LockSlot slot = active(Acquisition.Phase.QUEUED, 50);

    assertThat(GrantTriage.triage(slot, push(20, 30))).isEqualTo(STALE);
    assertThat(GrantTriage.triage(slot, push(0, 30))).isEqualTo(STALE);
  }

  @Test
  void aGrantOfAWaiterBeingCancelledRacedWithTheCancel() {
    assertThat(GrantTriage.triage(active(Acquisition.Phase.CANCELLING, 50), push(50, 60)))
        .isEqualTo(RACED_WITH_CANCEL);
    assertThat(GrantTriage.triage(active(Acquisition.Phase.CANCELLING, 50), push(20, 30)))
        .isEqualTo(STALE);
  }

  @Test
  void aGrantNothingHoldsOrWaitsForIsAnOrphan() {
    assertThat(GrantTriage.triage(null, push(50, 60))).isEqualTo(ORPHAN);
    LockSlot onlyQueuedLocally = new LockSlot(NAME);
    onlyQueuedLocally.releasing.add(10L);
    assertThat(GrantTriage.triage(onlyQueuedLocally, push(50, 60))).isEqualTo(ORPHAN);
  }

  private static LockSlot holding(long token) {
    LockSlot slot = new LockSlot(NAME);
    SessionLocks locks =
        new SessionLocks(
            new TestSession(1), new ScriptedLockRpc(), Runnable::run, Runnable::run,
            Duration.ofSeconds(1));
    slot.held = new LockGrant(locks, NAME, LockMode.EXCLUSIVE, token);
    return slot;
  }

  private static LockSlot active(Acquisition.Phase phase, long waiterId) {
    LockSlot slot = new LockSlot(NAME);
    Acquisition acquisition = new Acquisition(NAME, LockMode.EXCLUSIVE, true, 0, false);
    acquisition.phase = phase;
    acquisition.waiterId = waiterId;
    slot.active = acquisition;
    return slot;
  }

  private static PushedGrant push(long waiterId, long token) {
    return new PushedGrant(NAME, 1, waiterId, token);
  }
}
