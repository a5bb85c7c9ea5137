package io.warden.client.lock;

import static io.warden.client.lock.ScriptedLockRpc.granted;
import static io.warden.client.lock.ScriptedLockRpc.grantedMeanwhile;
import static io.warden.client.lock.ScriptedLockRpc.queued;
import static io.warden.client.lock.ScriptedLockRpc.removed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.warden.client.SessionExpiredException;
import io.warden.client.WardenInterruptedException;
import io.warden.protocol.client.LockGranted;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking acquires: what a caller's thread sees while the scripted cluster answers. */
@Timeout(10)
class WardenLockTest {
  private static final String NAME = "orders";

  private final TestSession session = new TestSession(42);
  private final ScriptedLockRpc rpc = new ScriptedLockRpc();
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final SessionLocks locks =
      new SessionLocks(session, rpc, Runnable::run, Runnable::run, Duration.ofSeconds(5));
  private final WardenLock lock = locks.lock(NAME, LockMode.EXCLUSIVE);

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void aBlockingAcquireReturnsOnceItsGrantIsPushed() {
    rpc.answeringAcquires(call -> queued(50));
    CompletableFuture<LockGrant> caller = CompletableFuture.supplyAsync(lock::acquire, callers);
    await().until(() -> rpc.acquires.size() == 1);
    assertThat(caller).isNotDone();

    locks.onGranted(push(50, 60));

    assertThat(caller.join().token()).isEqualTo(60);
  }

  @Test
  void aPushedGrantWakesABlockingCallerWithoutTheCompletionExecutorButAnAsyncOneThroughIt() {
    List<Runnable> completionExecutor = new CopyOnWriteArrayList<>(); // runs nothing until asked
    SessionLocks deferred =
        new SessionLocks(session, rpc, completionExecutor::add, Runnable::run, Duration.ofSeconds(5));
    rpc.answeringAcquires(call -> queued(call.name().equals(NAME) ? 50 : 51));
    CompletableFuture<LockGrant> blocking =
        CompletableFuture.supplyAsync(deferred.lock(NAME, LockMode.EXCLUSIVE)::acquire, callers);
    CompletableFuture<LockGrant> async = deferred.lock("other", LockMode.EXCLUSIVE).acquireAsync();
    await().until(() -> rpc.acquires.size() == 2);

    deferred.onGranted(push(50, 60));
    deferred.onGranted(push(51, 61).toBuilder().setName("other").build());

    assertThat(blocking).succeedsWithin(Duration.ofSeconds(5)).extracting(LockGrant::token).isEqualTo(60L);
    assertThat(async).isNotDone();
    completionExecutor.forEach(Runnable::run);
    assertThat(async.join().token()).isEqualTo(61);
  }

  @Test
  void aTimedAcquireGrantedInTimeReturnsTheGrant() {
    rpc.answeringAcquires(call -> granted(17));

    assertThat(lock.acquire(Duration.ofSeconds(1)).token()).isEqualTo(17);
  }

  @Test
  void aTimedAcquireThatTimesOutRemovesItsWaiterAndThrows() {
    rpc.answeringAcquires(call -> queued(50)).answeringCancels(call -> removed());

    assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(50)))
        .isInstanceOfSatisfying(
            LockTimeoutException.class,
            e -> {
              assertThat(e.lockName()).isEqualTo(NAME);
              assertThat(e.timeout()).isEqualTo(Duration.ofMillis(50));
            })
        .hasMessageContaining("lock \"orders\" was not granted to session 42 within 50 ms")
        .hasMessageContaining("the waiter has been removed")
        .hasMessageContaining("wardenctl locks orders");
    assertThat(rpc.requests()).containsExactly("acquire orders", "cancel orders 50");
  }

  @Test
  void aTimedAcquireReleasesAGrantThatRacedWithItsCancelBeforeThrowing() {
    rpc.answeringAcquires(call -> queued(50)).answeringCancels(call -> grantedMeanwhile(60));
    CompletableFuture<LockGrant> caller =
        CompletableFuture.supplyAsync(() -> lock.acquire(Duration.ofMillis(50)), callers);

    await().until(() -> rpc.releases.size() == 1);
    assertThat(rpc.release(0).token()).isEqualTo(60);
    assertThat(caller).isNotDone(); // still waiting for the release to be answered

    rpc.release(0).reply().complete(null);

    assertThatThrownBy(caller::join).hasCauseInstanceOf(LockTimeoutException.class);
  }

  @Test
  void aTimeoutWhoseWaiterRemovalIsNotConfirmedSaysSo() {
    SessionLocks slowCluster =
        new SessionLocks(session, rpc, Runnable::run, Runnable::run, Duration.ofMillis(100));
    rpc.answeringAcquires(call -> queued(50)); // cancels are never answered

    assertThatThrownBy(() -> slowCluster.lock(NAME, LockMode.EXCLUSIVE).acquire(Duration.ZERO))
        .isInstanceOf(LockTimeoutException.class)
        .hasMessageContaining("removing the waiter was not confirmed within 100 ms");
  }

  @Test
  void aWaitingAcquireFailsAtOnceWhenTheSessionEnds() {
    rpc.answeringAcquires(call -> queued(50));
    CompletableFuture<LockGrant> caller =
        CompletableFuture.supplyAsync(() -> lock.acquire(Duration.ofMinutes(1)), callers);
    await().until(() -> rpc.acquires.size() == 1);

    session.invalidate();
    locks.sessionEnded();

    assertThatThrownBy(caller::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(SessionExpiredException.class);
  }

  @Test
  void anInterruptedAcquireWithdrawsItsWaiterAndKeepsTheInterrupt() throws Exception {
    rpc.answeringAcquires(call -> queued(50)).answeringCancels(call -> removed());
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                lock.acquire();
              } catch (RuntimeException e) {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
                failure.complete(e);
              }
            });
    caller.start();
    await().until(() -> rpc.acquires.size() == 1);

    caller.interrupt();
    caller.join();

    assertThat(failure.join())
        .isInstanceOf(WardenInterruptedException.class)
        .hasMessageContaining("interrupted while acquiring lock \"orders\"");
    assertThat(stillInterrupted).isTrue();
    assertThat(rpc.requests()).containsExactly("acquire orders", "cancel orders 50");
  }

  @Test
  void timeoutsAndLockDelaysMustNotBeNegative() {
    assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lock.withLockDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(rpc.requests()).isEmpty();
  }

  @Test
  void aHandleIsImmutableAndDescribesItself() {
    WardenLock delayed = lock.withLockDelay(Duration.ofSeconds(2));

    assertThat(lock.lockDelay()).isEqualTo(Duration.ZERO);
    assertThat(delayed.lockDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(delayed.name()).isEqualTo(NAME);
    assertThat(delayed.mode()).isEqualTo(LockMode.EXCLUSIVE);
  }

  private static LockGranted push(long waiterId, long token) {
    return LockGranted.newBuilder()
        .setName(NAME)
        .setSessionId(42)
        .setWaiterId(waiterId)
        .setToken(token)
        .build();
  }
}
