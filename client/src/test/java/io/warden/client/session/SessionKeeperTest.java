package io.warden.client.session;

import static io.warden.client.SessionState.CONNECTED;
import static io.warden.client.SessionState.EXPIRED;
import static io.warden.client.SessionState.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.client.transport.Reply;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.KeepAliveReply;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.SessionExpired;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keepalive engine on real timers, with the cluster replaced by a function from a keepalive
 * batch to its answer (no network).
 */
class SessionKeeperTest {
  private static final Duration TTL = Duration.ofMillis(600);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
  private final List<List<Long>> batches = new CopyOnWriteArrayList<>();
  private final List<Long> batchTimes = new CopyOnWriteArrayList<>();
  private final List<StateChange> changes = new CopyOnWriteArrayList<>();
  private final List<Long> changeTimes = new CopyOnWriteArrayList<>();
  private SessionKeeper keeper;

  @AfterEach
  void stop() {
    keeper.close();
    timer.shutdownNow();
    callbacks.shutdownNow();
  }

  @Test
  void acknowledgedKeepalivesKeepTheSessionConnected() {
    start(ids -> renewed(ids));
    // A TTL long enough that a busy build machine delaying a tick cannot reach ttl/3.
    LeasedSession session = track(1, Duration.ofSeconds(3));
    long createdDeadline = session.deadlineNanos();

    await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() >= 4);
    assertThat(session.state()).isEqualTo(CONNECTED);
    assertThat(session.deadlineNanos()).isGreaterThan(createdDeadline);
    assertThat(changes).extracting(StateChange::current).doesNotContain(EXPIRED);
  }

  @Test
  void sessionsDueTogetherShareOneKeepaliveRequest() {
    start(ids -> renewed(ids));
    track(1);
    track(2);

    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> batches.stream().anyMatch(batch -> batch.size() == 2));
  }

  @Test
  void unansweredKeepalivesSuspendThenExpireTheSessionAtItsDeadline() {
    start(ids -> new CompletableFuture<>()); // the cluster never answers
    LeasedSession session = track(1);
    long deadline = session.deadlineNanos();

    await().atMost(Duration.ofSeconds(3)).until(() -> changes.size() == 2);
    assertThat(changes)
        .containsExactly(
            new StateChange(CONNECTED, SUSPENDED), new StateChange(SUSPENDED, EXPIRED));
    assertThat(changeTimes.get(1) - deadline).isNotNegative();
    assertThat(session.isValid()).isFalse();
  }

  @Test
  void suspendedSessionsAreKeptAliveTwiceAsOften() {
    start(ids -> new CompletableFuture<>());
    track(1, Duration.ofSeconds(3));

    await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() == 2);
    long suspendedAt = changeTimes.get(0);
    long expiredAt = changeTimes.get(1);
    long whileSuspended =
        batchTimes.stream().filter(t -> t - suspendedAt >= 0 && t - expiredAt < 0).count();
    // ~1.94 s suspended: every 300 ms gives 6-7 keepalives, the connected pace of 600 ms only 3-4.
    assertThat(whileSuspended).isGreaterThanOrEqualTo(5);
  }

  @Test
  void sessionTheClusterReportsUnknownExpiresAtOnce() {
    start(ids -> answer(KeepAliveReply.newBuilder().addAllUnknown(ids).build()));
    LeasedSession session = track(1);

    await().atMost(Duration.ofSeconds(2)).until(() -> session.state() == EXPIRED);
    assertThat(changes).containsExactly(new StateChange(CONNECTED, EXPIRED));
    assertThat(session.deadlineNanos() - changeTimes.get(0))
        .isPositive(); // well before the deadline
  }

  @Test
  void sessionExpiredEventEndsTheSession() {
    start(ids -> renewed(ids));
    LeasedSession session = track(7);

    keeper.onEvent(
        Event.newBuilder()
            .setIndex(42)
            .setSessionExpired(SessionExpired.newBuilder().setSessionId(7))
            .build());

    assertThat(session.state()).isEqualTo(EXPIRED);
    await().atMost(Duration.ofSeconds(1)).until(() -> changes.size() == 1);
    assertThat(changes).containsExactly(new StateChange(CONNECTED, EXPIRED));
  }

  @Test
  void unknownSessionErrorEndsTheSession() {
    start(ids -> renewed(ids));
    LeasedSession session = track(3);

    keeper.onUnknownSession(3, "session 3 does not exist");

    assertThat(session.state()).isEqualTo(EXPIRED);
  }

  @Test
  void theLiveSessionsAreThoseNotYetExpiredOrUntracked() {
    start(ids -> renewed(ids));
    track(1);
    track(2);
    track(3);

    keeper.untrack(2);
    keeper.onUnknownSession(3, "session 3 does not exist");

    assertThat(keeper.liveSessionIds()).containsExactly(1L);
  }

  @Test
  void untrackedSessionsGetNoMoreKeepalives() {
    start(ids -> renewed(ids));
    track(1);
    await().atMost(Duration.ofSeconds(1)).until(() -> !batches.isEmpty());
    keeper.untrack(1);
    int sent = batches.size();

    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(1))
        .until(() -> batches.size() <= sent + 1);
  }

  private void start(Function<List<Long>, CompletableFuture<Reply>> cluster) {
    keeper =
        new SessionKeeper(
            (ids, deadline) -> {
              batchTimes.add(System.nanoTime());
              batches.add(List.copyOf(ids));
              return cluster.apply(ids);
            },
            timer,
            System::nanoTime,
            TimeUnit.SECONDS.toNanos(5));
  }

  private LeasedSession track(long id) {
    return track(id, TTL);
  }

  private LeasedSession track(long id, Duration ttl) {
    long created = System.nanoTime();
    LeasedSession session =
        new LeasedSession(
            id,
            ttl.toNanos(),
            created,
            System::nanoTime,
            timer,
            callbacks,
            change -> {
              changeTimes.add(System.nanoTime());
              changes.add(change);
            });
    keeper.track(session, created);
    session.start();
    return session;
  }

  private static CompletableFuture<Reply> renewed(List<Long> ids) {
    return answer(KeepAliveReply.newBuilder().addAllRenewed(ids).build());
  }

  private static CompletableFuture<Reply> answer(KeepAliveReply reply) {
    // The reply is dated by its send time, which is now: the fake cluster answers at once.
    long sent = System.nanoTime();
    return CompletableFuture.completedFuture(
        new Reply(Response.newBuilder().setKeepAlive(reply).build(), sent));
  }
}
