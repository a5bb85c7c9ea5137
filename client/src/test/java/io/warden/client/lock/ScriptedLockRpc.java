package io.warden.client.lock;

import io.warden.protocol.client.AcquireOutcome;
import io.warden.protocol.client.AcquireReply;
import io.warden.protocol.client.CancelReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A cluster stand-in for {@link SessionLocks}: records every request and hands back a future the
 * test completes when it chooses, so races are played out in an exact order. A request can also be
 * answered at once by installing an answer function.
 */
final class ScriptedLockRpc implements LockRpc {

  record AcquireCall(
      long sessionId,
      String name,
      LockMode mode,
      boolean waits,
      long lockDelayMillis,
      CompletableFuture<AcquireReply> reply) {}

  record ReleaseCall(long sessionId, String name, long token, CompletableFuture<Void> reply) {}

  record CancelCall(
      long sessionId, String name, long waiterId, CompletableFuture<CancelReply> reply) {}

  final List<AcquireCall> acquires = new ArrayList<>();
  final List<ReleaseCall> releases = new ArrayList<>();
  final List<CancelCall> cancels = new ArrayList<>();
  /** Requests in the order they were sent, e.g. "acquire x", "release x 7", "cancel x 5". */
  final List<String> log = new ArrayList<>();

  private Function<AcquireCall, AcquireReply> acquireAnswer;
  private Function<CancelCall, CancelReply> cancelAnswer;
  private boolean answerReleases;

  /** Answers every Acquire at once with {@code answer}. */
  synchronized ScriptedLockRpc answeringAcquires(Function<AcquireCall, AcquireReply> answer) {
    this.acquireAnswer = answer;
    return this;
  }

  /** Answers every Cancel at once with {@code answer}. */
  synchronized ScriptedLockRpc answeringCancels(Function<CancelCall, CancelReply> answer) {
    this.cancelAnswer = answer;
    return this;
  }

  /** Answers every Release at once with success. */
  synchronized ScriptedLockRpc answeringReleases() {
    this.answerReleases = true;
    return this;
  }

  @Override
  public CompletableFuture<AcquireReply> acquire(
      long sessionId, String name, LockMode mode, boolean wait, long lockDelayMillis) {
    AcquireCall call;
    Function<AcquireCall, AcquireReply> answer;
    synchronized (this) {
      call =
          new AcquireCall(sessionId, name, mode, wait, lockDelayMillis, new CompletableFuture<>());
      acquires.add(call);
      log.add("acquire " + name);
      answer = acquireAnswer;
    }
    if (answer != null) {
      call.reply().complete(answer.apply(call));
    }
    return call.reply();
  }

  @Override
  public CompletableFuture<Void> release(long sessionId, String name, long token) {
    ReleaseCall call;
    boolean answer;
    synchronized (this) {
      call = new ReleaseCall(sessionId, name, token, new CompletableFuture<>());
      releases.add(call);
      log.add("release " + name + " " + token);
      answer = answerReleases;
    }
    if (answer) {
      call.reply().complete(null);
    }
    return call.reply();
  }

  @Override
  public CompletableFuture<CancelReply> cancel(long sessionId, String name, long waiterId) {
    CancelCall call;
    Function<CancelCall, CancelReply> answer;
    synchronized (this) {
      call = new CancelCall(sessionId, name, waiterId, new CompletableFuture<>());
      cancels.add(call);
      log.add("cancel " + name + " " + waiterId);
      answer = cancelAnswer;
    }
    if (answer != null) {
      call.reply().complete(answer.apply(call));
    }
    return call.reply();
  }

  synchronized AcquireCall acquire(int index) {
    return acquires.get(index);
  }

  synchronized ReleaseCall release(int index) {
    return releases.get(index);
  }

  synchronized CancelCall cancel(int index) {
    return cancels.get(index);
  }

  synchronized List<String> requests() {
    return List.copyOf(log);
  }

  static AcquireReply granted(long token) {
    return AcquireReply.newBuilder().setOutcome(AcquireOutcome.GRANTED).setToken(token).build();
  }

  static AcquireReply queued(long waiterId) {
    return AcquireReply.newBuilder()
        .setOutcome(AcquireOutcome.QUEUED)
        .setWaiterId(waiterId)
        .build();
  }

  static AcquireReply busy() {
    return AcquireReply.newBuilder().setOutcome(AcquireOutcome.BUSY).build();
  }

  static CancelReply removed() {
    return CancelReply.newBuilder().setRemoved(true).build();
  }

  static CancelReply grantedMeanwhile(long token) {
    return CancelReply.newBuilder().setRemoved(false).setToken(token).build();
  }

  static CancelReply gone() {
    return CancelReply.newBuilder().setRemoved(false).build();
  }
}
