package io.warden.client.lock;

import static io.warden.client.lock.ScriptedLockRpc.busy;
import static io.warden.client.lock.ScriptedLockRpc.gone;
import static io.warden.client.lock.ScriptedLockRpc.granted;
import static io.warden.client.lock.ScriptedLockRpc.grantedMeanwhile;
import static io.warden.client.lock.ScriptedLockRpc.queued;
import static io.warden.client.lock.ScriptedLockRpc.removed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.client.SessionExpiredException;
import io.warden.client.SessionState;
import io.warden.client.StaleTokenException;
import io.warden.client.WardenTimeoutException;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.LockGranted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A session's lock bookkeeping against a scripted cluster, on the calling thread: every reply and
 * push is delivered by the test in a chosen order, so each race is played out exactly.
 */
@Timeout(10)
class SessionLocksTest {
  private static final String NAME = "orders";

  private final TestSession session = new TestSession(42);
  private final ScriptedLockRpc rpc = new ScriptedLockRpc();
  private final List<Runnable> listenerThread = new ArrayList<>();
  private final SessionLocks locks =
      new SessionLocks(session, rpc, Runnable::run, listenerThread::add, Duration.ofSeconds(1));
  private final WardenLock lock = locks.lock(NAME, LockMode.EXCLUSIVE);

  // ---- acquiring ----

  @Test
  void aGrantedReplyCompletesTheAcquireWithItsToken() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();

    rpc.acquire(0).reply().complete(granted(17));

    LockGrant grant = acquiring.join();
    assertThat(grant.token()).isEqualTo(17);
    assertThat(grant.name()).isEqualTo(NAME);
    assertThat(grant.mode()).isEqualTo(LockMode.EXCLUSIVE);
    assertThat(grant.sessionId()).isEqualTo(42);
    assertThat(grant.isValid()).isTrue();
  }

  @Test
  void theAcquireCarriesSessionModeWaitAndLockDelay() {
    locks.lock(NAME, LockMode.SHARED).withLockDelay(Duration.ofSeconds(3)).acquireAsync();

    ScriptedLockRpc.AcquireCall call = rpc.acquire(0);
    assertThat(call.sessionId()).isEqualTo(42);
    assertThat(call.mode()).isEqualTo(LockMode.SHARED);
    assertThat(call.waits()).isTrue();
    assertThat(call.lockDelayMillis()).isEqualTo(3000);
  }

  @Test
  void aQueuedAcquireWaitsForItsPushedGrantWithoutAskingAgain() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));
    assertThat(acquiring).isNotDone();

    locks.onGranted(push(50, 60));

    assertThat(acquiring.join().token()).isEqualTo(60);
    assertThat(rpc.requests()).containsExactly("acquire orders");
  }

  @Test
  void aGrantPushedBeforeTheQueuedReplyIsNotLost() {
    // The Acquire was retried on a new leader; the grant's push overtook the retry's reply.
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    locks.onGranted(push(50, 60));
    assertThat(acquiring).isNotDone();

    rpc.acquire(0).reply().complete(queued(50));

    assertThat(acquiring.join().token()).isEqualTo(60);
  }

  @Test
  void aResentGrantThatNamesNoWaiterCompletesTheWaiter() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));

    locks.onGranted(push(0, 60)); // re-sent after a reconnect

    assertThat(acquiring.join().token()).isEqualTo(60);
  }

  @Test
  void aGrantPushedAgainAfterItWasTakenChangesNothing() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));
    locks.onGranted(push(50, 60));

    locks.onGranted(push(50, 60));
    locks.onGranted(push(0, 60));

    assertThat(acquiring.join().token()).isEqualTo(60);
    assertThat(rpc.requests()).containsExactly("acquire orders");
  }

  @Test
  void aStaleGrantDoesNotCompleteALaterWaiter() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));

    locks.onGranted(push(20, 30)); // an earlier waiter's grant, long released

    assertThat(acquiring).isNotDone();
    assertThat(rpc.requests()).containsExactly("acquire orders");
  }

  @Test
  void aGrantNobodyWaitsForIsReleased() {
    rpc.answeringReleases();

    locks.onGranted(push(50, 60)); // e.g. a waiter whose cancel outcome was unknown

    assertThat(rpc.requests()).containsExactly("release orders 60");
  }

  @Test
  void aGrantPushedWhileAnAcquireThatThenFailsWasInFlightIsReleased() {
    // The Acquire was queued and granted on a leader that then became unreachable: the reply never
    // came, but the grant's push did.
    rpc.answeringReleases();
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    locks.onGranted(push(50, 60));

    rpc.acquire(0)
        .reply()
        .completeExceptionally(new WardenTimeoutException(ErrorCode.NO_LEADER, "down", null));

    assertThatThrownBy(acquiring::join).hasCauseInstanceOf(WardenTimeoutException.class);
    assertThat(rpc.requests()).containsExactly("acquire orders", "release orders 60");
  }

  @Test
  void aWaitingAcquireFailsAtOnceWhenTheSessionEnds() {
    CompletableFuture<LockGrant> waiting = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));
    CompletableFuture<LockGrant> sending = locks.lock("other", LockMode.SHARED).acquireAsync();

    session.invalidate();
    locks.sessionEnded();

    assertThatThrownBy(waiting::join)
        .hasCauseInstanceOf(SessionExpiredException.class)
        .hasMessageContaining("session 42 ended")
        .hasMessageContaining("create a new session");
    assertThatThrownBy(sending::join).hasCauseInstanceOf(SessionExpiredException.class);
  }

  @Test
  void anAcquireOnAnEndedSessionFailsWithoutAskingTheCluster() {
    session.invalidate();

    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();

    assertThatThrownBy(acquiring::join).hasCauseInstanceOf(SessionExpiredException.class);
    assertThat(rpc.requests()).isEmpty();
  }

  @Test
  void aFailedAcquireFailsWithTheClustersAnswer() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();

    rpc.acquire(0)
        .reply()
        .completeExceptionally(
            new WardenTimeoutException(ErrorCode.NO_LEADER, "no leader for 10 s", null));

    assertThatThrownBy(acquiring::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(WardenTimeoutException.class);
  }

  // ---- try-acquire ----

  @Test
  void tryAcquireOfAFreeLockReturnsTheGrant() {
    rpc.answeringAcquires(call -> granted(17));

    Optional<LockGrant> grant = lock.tryAcquire();

    assertThat(grant).hasValueSatisfying(g -> assertThat(g.token()).isEqualTo(17));
    assertThat(rpc.acquire(0).waits()).isFalse();
  }

  @Test
  void tryAcquireOfABusyLockIsEmpty() {
    rpc.answeringAcquires(call -> busy());

    assertThat(lock.tryAcquire()).isEmpty();
  }

  @Test
  void tryAcquireWhileThisSessionUsesTheLockIsEmptyWithoutAsking() {
    lock.acquireAsync(); // in flight

    assertThat(lock.tryAcquire()).isEmpty();
    assertThat(rpc.requests()).containsExactly("acquire orders");
  }

  @Test
  void aTryAcquireTheServerQueuesAnywayIsWithdrawnAndEmpty() {
    rpc.answeringAcquires(call -> queued(50)).answeringCancels(call -> removed());

    assertThat(lock.tryAcquire()).isEmpty();
    assertThat(rpc.requests()).containsExactly("acquire orders", "cancel orders 50");
  }

  // ---- cancelling ----

  @Test
  void cancellingTheFutureOfAQueuedAcquireRemovesTheWaiter() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));

    acquiring.cancel(true);
    rpc.cancel(0).reply().complete(removed());

    assertThat(rpc.requests()).containsExactly("acquire orders", "cancel orders 50");
    assertThat(rpc.cancel(0).sessionId()).isEqualTo(42);
  }

  @Test
  void aCancelThatFindsTheWaiterGrantedReleasesThatGrant() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));

    acquiring.cancel(true);
    rpc.cancel(0).reply().complete(grantedMeanwhile(60));

    assertThat(rpc.requests())
        .containsExactly("acquire orders", "cancel orders 50", "release orders 60");
  }

  @Test
  void aGrantPushedDuringTheCancelIsReleasedWhenTheCancelFindsNoWaiter() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));
    acquiring.cancel(true);

    locks.onGranted(push(50, 60));
    rpc.cancel(0).reply().complete(gone());

    assertThat(rpc.requests())
        .containsExactly("acquire orders", "cancel orders 50", "release orders 60");
  }

  @Test
  void aCancelThatRemovedTheWaiterReleasesNothing() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));
    acquiring.cancel(true);

    rpc.cancel(0).reply().complete(removed());

    assertThat(rpc.requests()).containsExactly("acquire orders", "cancel orders 50");
  }

  @Test
  void cancellingWhileTheAcquireIsInFlightReleasesTheGrantItGets() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    acquiring.cancel(true);
    assertThat(rpc.requests()).containsExactly("acquire orders");

    rpc.acquire(0).reply().complete(granted(17));

    assertThat(rpc.requests()).containsExactly("acquire orders", "release orders 17");
  }

  @Test
  void cancellingWhileTheAcquireIsInFlightRemovesTheWaiterItBecomes() {
    CompletableFuture<LockGrant> acquiring = lock.acquireAsync();
    acquiring.cancel(true);

    rpc.acquire(0).reply().complete(queued(50));

    assertThat(rpc.requests()).containsExactly("acquire orders", "cancel orders 50");
  }

  @Test
  void aGrantThatWinsTheRaceWithTheCancelIsHandedToTheCancellerToKeep() {
    // A timed acquire whose timeout passes just after the grant arrived keeps it.
    Acquisition acquisition = locks.begin(NAME, LockMode.EXCLUSIVE, true, 0, true);
    rpc.acquire(0).reply().complete(granted(17));

    assertThat(locks.cancel(acquisition).join().token()).isEqualTo(17);
    assertThat(rpc.requests()).containsExactly("acquire orders");
  }

  @Test
  void anAbandonedAcquireReleasesAGrantItAlreadyHad() {
    Acquisition acquisition = locks.begin(NAME, LockMode.EXCLUSIVE, true, 0, true);
    rpc.acquire(0).reply().complete(granted(17));

    locks.abandon(acquisition); // the blocked caller was interrupted as the grant arrived

    assertThat(rpc.requests()).containsExactly("acquire orders", "release orders 17");
  }

  // ---- one use per session and lock ----

  @Test
  void acquiresThroughOneSessionTakeTurnsInArrivalOrder() {
    CompletableFuture<LockGrant> first = lock.acquireAsync();
    CompletableFuture<LockGrant> second = lock.acquireAsync();
    CompletableFuture<LockGrant> third = locks.lock(NAME, LockMode.SHARED).acquireAsync();
    assertThat(rpc.requests()).containsExactly("acquire orders");

    rpc.acquire(0).reply().complete(granted(17));
    locks.release(first.join());
    rpc.release(0).reply().complete(null);
    assertThat(rpc.requests())
        .containsExactly("acquire orders", "release orders 17", "acquire orders");

    rpc.acquire(1).reply().complete(granted(20));
    assertThat(second.join().token()).isEqualTo(20);
    assertThat(third).isNotDone();
  }

  @Test
  void noAcquireIsSentWhileAReleaseOfTheSameLockIsInFlight() {
    // Otherwise the cluster could answer it with the very grant being released.
    CompletableFuture<LockGrant> first = lock.acquireAsync();
    rpc.acquire(0).reply().complete(granted(17));
    CompletableFuture<Void> releasing = locks.release(first.join());

    CompletableFuture<LockGrant> next = lock.acquireAsync();
    assertThat(rpc.requests()).containsExactly("acquire orders", "release orders 17");

    rpc.release(0).reply().complete(null);
    assertThat(releasing).isDone();
    assertThat(rpc.requests())
        .containsExactly("acquire orders", "release orders 17", "acquire orders");
    rpc.acquire(1).reply().complete(granted(21));
    assertThat(next.join().token()).isEqualTo(21);
  }

  @Test
  void noAcquireIsSentUntilACancelledWaitersRacedGrantIsReleased() {
    CompletableFuture<LockGrant> first = lock.acquireAsync();
    rpc.acquire(0).reply().complete(queued(50));
    first.cancel(true);
    CompletableFuture<LockGrant> next = lock.acquireAsync();

    rpc.cancel(0).reply().complete(grantedMeanwhile(60));
    assertThat(rpc.requests())
        .containsExactly("acquire orders", "cancel orders 50", "release orders 60");

    rpc.release(0).reply().complete(null);
    assertThat(rpc.requests()).endsWith("acquire orders");
    assertThat(next).isNotDone();
  }

  @Test
  void differentLocksDoNotWaitForEachOther() {
    lock.acquireAsync();
    locks.lock("invoices", LockMode.EXCLUSIVE).acquireAsync();

    assertThat(rpc.requests()).containsExactly("acquire orders", "acquire invoices");
  }

  @Test
  void aThreadHoldingTheLockCannotBlockToAcquireItAgain() {
    rpc.answeringAcquires(call -> granted(17));
    LockGrant grant = lock.acquire();

    assertThatThrownBy(lock::acquire)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already holds lock \"orders\"")
        .hasMessageContaining("not re-entrant");
    assertThatThrownBy(() -> lock.acquire(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(grant.isValid()).isTrue();
  }

  // ---- releasing ----

  @Test
  void closingAGrantReleasesItOnce() {
    rpc.answeringAcquires(call -> granted(17)).answeringReleases();
    LockGrant grant = lock.acquire();

    grant.close();
    grant.close();

    assertThat(rpc.requests()).containsExactly("acquire orders", "release orders 17");
    assertThat(rpc.release(0).sessionId()).isEqualTo(42);
    assertThat(grant.isValid()).isFalse();
  }

  @Test
  void closingAfterTheSessionEndedSendsNothing() {
    rpc.answeringAcquires(call -> granted(17));
    LockGrant grant = lock.acquire();
    session.invalidate();
    locks.sessionEnded();

    grant.close();

    assertThat(rpc.requests()).containsExactly("acquire orders");
    assertThat(grant.isValid()).isFalse();
  }

  @Test
  void closeDoesNotThrowWhenTheClusterCannotBeReachedOrTheGrantWasLost() {
    rpc.answeringAcquires(call -> granted(17));
    LockGrant unreachable = lock.acquire();
    LockGrant lost = locks.lock("b", LockMode.EXCLUSIVE).acquire();

    CompletableFuture<Void> first = CompletableFuture.runAsync(unreachable::close);
    CompletableFuture<Void> second = CompletableFuture.runAsync(lost::close);
    org.awaitility.Awaitility.await().until(() -> rpc.releases.size() == 2);
    rpc.release(0)
        .reply()
        .completeExceptionally(new WardenTimeoutException(ErrorCode.NO_LEADER, "down", null));
    rpc.release(1).reply().completeExceptionally(new StaleTokenException("not held"));

    first.join();
    second.join();
  }

  // ---- grant validity and listeners ----

  @Test
  void aGrantIsValidOnlyWhileItsSessionIs() {
    rpc.answeringAcquires(call -> granted(17));
    LockGrant grant = lock.acquire();
    session.deadline(12345L);

    assertThat(grant.deadlineNanos()).isEqualTo(12345L);
    session.invalidate();
    assertThat(grant.isValid()).isFalse();
  }

  @Test
  void grantListenersHearOfJeopardyRecoveryAndLoss() {
    rpc.answeringAcquires(call -> granted(17));
    LockGrant grant = lock.acquire();
    List<String> heard = new ArrayList<>();
    grant.addListener((g, before, now) -> heard.add(g.token() + ":" + before + "->" + now));

    locks.onStateChange(SessionState.CONNECTED, SessionState.SUSPENDED);
    locks.onStateChange(SessionState.SUSPENDED, SessionState.CONNECTED);
    locks.onStateChange(SessionState.CONNECTED, SessionState.SUSPENDED);
    locks.onStateChange(SessionState.SUSPENDED, SessionState.EXPIRED);

    assertThat(heard)
        .containsExactly(
            "17:CONNECTED->SUSPENDED",
            "17:SUSPENDED->CONNECTED",
            "17:CONNECTED->SUSPENDED",
            "17:SUSPENDED->EXPIRED");
  }

  @Test
  void aReleasedGrantTellsItsListenersNothing() {
    rpc.answeringAcquires(call -> granted(17)).answeringReleases();
    LockGrant grant = lock.acquire();
    List<SessionState> heard = new ArrayList<>();
    grant.addListener((g, before, now) -> heard.add(now));

    grant.close();
    locks.onStateChange(SessionState.CONNECTED, SessionState.SUSPENDED);

    assertThat(heard).isEmpty();
  }

  @Test
  void aListenerAddedAfterTheGrantWasLostIsToldAtOnce() {
    rpc.answeringAcquires(call -> granted(17));
    LockGrant grant = lock.acquire();
    locks.onStateChange(SessionState.SUSPENDED, SessionState.EXPIRED);
    List<String> heard = new ArrayList<>();

    grant.addListener((g, before, now) -> heard.add(before + "->" + now));
    listenerThread.forEach(Runnable::run);

    assertThat(heard).containsExactly("SUSPENDED->EXPIRED");
  }

  @Test
  void aFailingListenerDoesNotKeepTheOthersFromHearing() {
    rpc.answeringAcquires(call -> granted(17));
    LockGrant grant = lock.acquire();
    List<SessionState> heard = new ArrayList<>();
    grant.addListener(
        (g, before, now) -> {
          throw new IllegalStateException("listener bug");
        });
    grant.addListener((g, before, now) -> heard.add(now));

    locks.onStateChange(SessionState.CONNECTED, SessionState.SUSPENDED);

    assertThat(heard).containsExactly(SessionState.SUSPENDED);
  }

  private static LockGranted push(long waiterId, long token) {
    return LockGranted.newBuilder()
        .setName(NAME)
        .setSessionId(42)
        .setWaiterId(waiterId)
        .setToken(token)
        .setMode(io.warden.protocol.command.LockMode.EXCLUSIVE)
        .build();
  }
}
