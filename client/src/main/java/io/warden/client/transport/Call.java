package io.warden.client.transport;

import io.warden.client.WardenException;
import io.warden.client.WardenTimeoutException;
import io.warden.client.WardenUnavailableException;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.Error;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request from submission to its final answer: it finds the leader (or the one fixed server),
 * sends, and on every transient failure sends again <em>with the same request id</em> until an
 * answer is final or the deadline passes.
 *
 * <p>Keeping the id is what makes re-sending safe: the state machine records the answer to each
 * (client id, request id), so a write that reached a leader before a connection broke is applied
 * once, and the re-sent copy gets the recorded answer.
 *
 * <p>All state is guarded by {@code this}; nothing blocks while holding it. The result completes on
 * the transport's completion executor, never on an event loop.
 */
final class Call {
  private static final Logger log = LoggerFactory.getLogger(Call.class);

  private final CallContext context;
  private final ClientMessage message;
  private final Endpoint fixedServer;
  private final long createdNanos;
  private final long deadlineNanos;
  private final CompletableFuture<Reply> result = new CompletableFuture<>();
  private final Backoff backoff = new Backoff(ThreadLocalRandom.current());
  private final int immediateRetryLimit;

  // Guarded by this.
  private boolean finished;
  private boolean answered;
  private Connection current;
  private boolean sent;
  private long firstSentNanos;
  private long attemptSentNanos;
  private int immediateRetries;
  private String lastProblem = "no server has answered yet";
  private ErrorCode lastCode = ErrorCode.ERROR_CODE_UNSPECIFIED;
  private Throwable lastCause;
  private ScheduledFuture<?> deadlineTimer;
  private ScheduledFuture<?> stallTimer;

  /**
   * @param message the request, its id already set
   * @param fixedServer the one server to ask, or {@code null} to ask the leader wherever it is
   */
  Call(CallContext context, ClientMessage message, Endpoint fixedServer, long deadlineNanos) {
    this.context = context;
    this.message = message;
    this.fixedServer = fixedServer;
    this.createdNanos = context.nanoTime();
    this.deadlineNanos = deadlineNanos;
    // Enough to walk every configured server and follow a hint or two before backing off, while a
    // flapping pair of stale hints cannot spin without pause.
    this.immediateRetryLimit = context.endpointCount() + 2;
    result.whenComplete(
        (reply, error) -> {
          if (result.isCancelled()) {
            finish();
          }
        });
  }

  long id() {
    return message.getRequestId();
  }

  ClientMessage message() {
    return message;
  }

  CompletableFuture<Reply> result() {
    return result;
  }

  /**
   * Whether a server gave this call its final answer. A call that ended otherwise (deadline,
   * connection, close) may still have a copy on its way to a leader.
   */
  synchronized boolean answered() {
    return answered;
  }

  /** Arms the deadline and makes the first attempt. */
  void start() {
    long delay = deadlineNanos - context.nanoTime();
    synchronized (this) {
      try {
        deadlineTimer = context.timer().schedule(this::onDeadline, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        fail(unavailable("the Warden client is closed"));
        return;
      }
    }
    attempt();
  }

  /** A response with this call's id arrived on {@code connection}. */
  void onResponse(Connection connection, Response response) {
    if (!response.hasError()) {
      // A success counts whichever connection it came on: the server answers only once it is done.
      synchronized (this) {
        if (finished) {
          return;
        }
        answered = true;
        succeed(new Reply(response, sent ? firstSentNanos : context.nanoTime()));
      }
      return;
    }
    Error error = response.getError();
    synchronized (this) {
      // An error from a connection this call has already left (a stale NOT_LEADER after a re-send
      // elsewhere, say) says nothing about the current attempt.
      if (finished || connection != current) {
        return;
      }
      current = null;
      cancel(stallTimer);
      ErrorMapping.Disposition disposition = ErrorMapping.dispositionOf(error.getCode());
      if (disposition == ErrorMapping.Disposition.FINAL || fixedServer != null) {
        answered = disposition == ErrorMapping.Disposition.FINAL;
        fail(ErrorMapping.toException(error));
        return;
      }
      lastCode = error.getCode();
      lastCause = null;
      Endpoint from = connection.endpoint();
      if (disposition == ErrorMapping.Disposition.REDIRECT) {
        context.leaders().redirected(from, error.getLeaderHint());
        lastProblem = from + " is not the leader";
        retrySoon();
      } else {
        if (error.getCode() == ErrorCode.NO_LEADER) {
          context.leaders().notLeader(from);
        }
        lastProblem = from + " answered " + error.getCode() + ": " + error.getMessage();
        retryAfterBackoff();
      }
    }
  }

  /**
   * {@code connection} closed, or a write on it failed; re-send elsewhere if this call was on it.
   */
  void onConnectionLost(Connection connection, Throwable cause) {
    synchronized (this) {
      if (finished || connection != current) {
        return;
      }
      current = null;
      cancel(stallTimer);
      lastProblem = "the connection to " + connection.endpoint() + " was lost before it answered";
      lastCause = cause;
      if (fixedServer != null) {
        fail(unavailable(lastProblem));
        return;
      }
      context.leaders().unreachable(connection.endpoint());
      retrySoon();
    }
  }

  /** The client is closing: fail with {@code error} unless already answered. */
  void abort(WardenException error) {
    synchronized (this) {
      if (!finished) {
        fail(error);
      }
    }
  }

  private void attempt() {
    Endpoint target;
    synchronized (this) {
      if (finished) {
        return;
      }
      target = fixedServer != null ? fixedServer : context.leaders().target();
    }
    context
        .connections()
        .get(target)
        .whenComplete(
            (connection, error) -> {
              if (error != null) {
                onConnectFailed(target, error);
              } else {
                onConnected(connection);
              }
            });
  }

  private void onConnected(Connection connection) {
    synchronized (this) {
      if (finished) {
        return;
      }
      if (fixedServer == null && !context.leaders().target().equals(connection.endpoint())) {
        // The handshake (or another request meanwhile) pointed at a different leader: go there
        // rather than send to a server that would only answer NOT_LEADER.
        lastProblem = connection.endpoint() + " is not the leader";
        retrySoon();
        return;
      }
      long now = context.nanoTime();
      if (!sent) {
        sent = true;
        firstSentNanos = now;
      }
      attemptSentNanos = now;
      current = connection;
      armStallTimer(connection, context.stallTimeoutNanos());
    }
    connection.send(message, cause -> onConnectionLost(connection, cause));
  }

  private void onConnectFailed(Endpoint target, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    synchronized (this) {
      if (finished) {
        return;
      }
      if (cause instanceof WardenException refusal
          && !(cause instanceof WardenUnavailableException)) {
        fail(refusal); // the server refused our Hello: protocol mismatch, retrying cannot help
        return;
      }
      lastProblem = cause.getMessage() != null ? cause.getMessage() : "cannot connect to " + target;
      lastCause = cause;
      if (fixedServer != null) {
        fail(unavailable("Warden server " + target + " is unreachable: " + lastProblem));
        return;
      }
      context.leaders().unreachable(target);
      retrySoon();
    }
  }

  /**
   * Fires when an attempt has gone unanswered for the stall timeout. If nothing at all has come
   * back on that connection since the attempt was sent, the server (or the path to it) is presumed
   * dead and the connection is closed, which re-sends every request on it elsewhere. A server that
   * is answering other requests is only slow, so the call keeps waiting.
   */
  private void onStall(Connection connection) {
    synchronized (this) {
      if (finished || connection != current) {
        return;
      }
      long silentSince =
          connection.lastReadNanos() - attemptSentNanos > 0
              ? connection.lastReadNanos()
              : attemptSentNanos;
      long silence = context.nanoTime() - silentSince;
      if (silence < context.stallTimeoutNanos()) {
        armStallTimer(connection, context.stallTimeoutNanos() - silence);
        return;
      }
    }
    connection.close(
        "no reply for " + TimeUnit.NANOSECONDS.toMillis(context.stallTimeoutNanos()) + " ms");
  }

  private void onDeadline() {
    synchronized (this) {
      if (finished) {
        return;
      }
      String request = message.getBodyCase() + " request " + message.getRequestId();
      long waitedMs = Math.round((deadlineNanos - createdNanos) / 1e6);
      String text =
          fixedServer != null
              ? String.format(
                  "Warden server %s did not answer %s within %d ms (last problem: %s).",
                  fixedServer, request, waitedMs, lastProblem)
              : String.format(
                  "No Warden leader answered %s within %d ms (endpoints %s; last problem: %s). The"
                      + " cluster was unreachable or had no leader for that long: check that a"
                      + " majority of its servers is up and reachable.",
                  request, waitedMs, context.describeEndpoints(), lastProblem);
      fail(
          new WardenTimeoutException(
              lastCode,
              text + " If the request was a write, it may or may not have been applied.",
              lastCause));
    }
  }

  // ---- helpers; callers hold the lock ----

  private void retrySoon() {
    if (++immediateRetries > immediateRetryLimit) {
      retryAfterBackoff();
      return;
    }
    execute(this::attempt);
  }

  private void retryAfterBackoff() {
    immediateRetries = 0;
    long delay = backoff.nextDelayNanos();
    log.debug(
        "Request {} retries in {} ms: {}", id(), TimeUnit.NANOSECONDS.toMillis(delay), lastProblem);
    try {
      context.timer().schedule(this::attempt, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      fail(unavailable("the Warden client is closed"));
    }
  }

  private void armStallTimer(Connection connection, long delayNanos) {
    cancel(stallTimer);
    try {
      stallTimer =
          context.timer().schedule(() -> onStall(connection), delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      stallTimer = null; // closing; the abort that follows ends this call
    }
  }

  private void execute(Runnable task) {
    try {
      context.timer().execute(task);
    } catch (RejectedExecutionException e) {
      fail(unavailable("the Warden client is closed"));
    }
  }

  private WardenUnavailableException unavailable(String text) {
    return new WardenUnavailableException(lastCode, text, lastCause);
  }

  private void succeed(Reply reply) {
    finish();
    context.complete(() -> result.complete(reply));
  }

  private void fail(WardenException error) {
    finish();
    // Observers first, so that (say) a session is already marked expired when the caller sees
    // UnknownSessionException.
    context.complete(
        () -> {
          context.onFailure(this, error);
          result.completeExceptionally(error);
        });
  }

  private synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    cancel(deadlineTimer);
    cancel(stallTimer);
    context.forget(this);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
