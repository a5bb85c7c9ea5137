package io.warden.chaos.workload;

import io.warden.chaos.history.Event;
import io.warden.chaos.history.HistoryWriter;
import io.warden.chaos.register.RegisterClient;
import io.warden.chaos.register.RegisterMessage;
import io.warden.client.SessionExpiredException;
import io.warden.client.StaleTokenException;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import io.warden.client.WardenSession;
import io.warden.client.lock.LockGrant;
import io.warden.client.lock.LockTimeoutException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * One lock client. Loops: pick a lock, acquire it (waiting at most {@code acquireTimeout}), write
 * to the register with the token at once, hold a random short time, write again, release, then
 * read the lock linearizably. Every
 * step is recorded (invoke, then ok/fail/info) with the session's lease deadline and validity at
 * that moment.
 *
 * <p>The second write is sent even when the worker knows its lease has run out (it was paused or
 * cut off past its TTL): that is the stale holder the fenced register must turn away, and the
 * history says which writes were sent within a lease.
 *
 * <p>Protocol with the harness: prints {@code ready} once it has a session; on a {@code stop} line
 * on stdin it finishes the current round (releasing what it holds), prints {@code quiesced} and
 * waits; at the end of stdin it closes its session and exits.
 */
public final class LockWorker {
  /** How a worker is set up. */
  public record Settings(
      String id,
      String endpoints,
      List<String> locks,
      Duration ttl,
      Duration acquireTimeout,
      Duration requestTimeout,
      Duration holdMin,
      Duration holdMax,
      Path register,
      Path history,
      long seed) {}

  private final Settings settings;
  private final Random random;
  private final HistoryWriter history;
  private final WorkerControl control;
  private long nextOp = 1;
  private WardenSession session;

  LockWorker(Settings settings, WorkerControl control) {
    this.settings = settings;
    this.random = new Random(settings.seed());
    this.history = new HistoryWriter(settings.history());
    this.control = control;
  }

  /** Runs until told to stop; returns the exit code. */
  public static int run(Settings settings) {
    return new LockWorker(settings, WorkerControl.takeOverStdio()).loop();
  }

  private int loop() {
    WardenClient client = WardenClient.builder().endpoints(settings.endpoints())
        .requestTimeout(settings.requestTimeout()).connectTimeout(Duration.ofSeconds(1)).build();
    try (RegisterClient register = new RegisterClient(settings.register())) {
      boolean ready = false;
      while (!control.stopping()) {
        if (!ensureSession(client)) {
          continue;
        }
        if (!ready) {
          control.tell("ready " + session.id());
          ready = true;
        }
        round(client, register);
      }
      control.tell("quiesced");
      control.awaitEndOfInput();
      return 0;
    } catch (IOException e) {
      System.err.println(settings.id() + ": the register is gone (" + e.getMessage()
          + "); stopping");
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    } finally {
      client.close(); // closes the session too, so the cluster forgets it at once
      history.close();
    }
  }

  /** A valid session, creating one if needed; false (after a pause) if that failed. */
  private boolean ensureSession(WardenClient client) {
    if (session != null && session.isValid()) {
      return true;
    }
    session = WorkerControl.openSession(client, settings.ttl(), settings.id(), settings.id(),
        history, nextOp++);
    return session != null;
  }

  private void round(WardenClient client, RegisterClient register) throws IOException {
    String lock = settings.locks().get(random.nextInt(settings.locks().size()));
    WardenSession s = session;
    long op = nextOp++;
    record(Event.INVOKE, "acquire", op).lock(lock).session(s.id()).build();
    LockGrant grant;
    try {
      grant = s.lock(lock).acquire(settings.acquireTimeout());
    } catch (LockTimeoutException e) {
      record(Event.FAIL, "acquire", op).lock(lock).session(s.id()).error("timeout").build();
      return;
    } catch (SessionExpiredException e) {
      record(Event.FAIL, "acquire", op).lock(lock).session(s.id()).error(describe(e)).build();
      return;
    } catch (WardenException | IllegalStateException e) {
      record(Event.INFO, "acquire", op).lock(lock).session(s.id()).error(describe(e)).build();
      sleep(100);
      return;
    }
    long token = grant.token();
    record(Event.OK, "acquire", op).lock(lock).session(s.id()).token(token)
        .deadline(grant.deadlineNanos()).valid(grant.isValid()).build();
    try {
      register.hold(settings.id(), lock, token);
      write(register, grant);
      sleep(between(settings.holdMin(), settings.holdMax()));
      write(register, grant);
    } finally {
      release(grant);
      register.free(settings.id(), lock, token);
    }
    read(client, lock);
    sleep(random.nextInt(30));
  }

  /**
   * A linearizable read of {@code lock} from inside the faults: a worker cut off with a deposed
   * leader reads through it, so a read answered from stale state (a read lease that outlived the
   * leadership) shows as a lost grant or release in the checker.
   */
  private void read(WardenClient client, String lock) {
    long op = nextOp++;
    record(Event.INVOKE, "read", op).lock(lock).build();
    try {
      List<Event.Holder> holders = client.describeLock(lock).map(Observer::holders).orElse(List.of());
      record(Event.OK, "read", op).lock(lock).holders(holders).build();
    } catch (WardenException e) {
      record(Event.INFO, "read", op).lock(lock).error(describe(e)).build();
    }
  }

  private void write(RegisterClient register, LockGrant grant) throws IOException {
    long op = nextOp++;
    long deadline = grant.deadlineNanos();
    boolean valid = grant.isValid();
    record(Event.INVOKE, "write", op).lock(grant.name()).session(grant.sessionId())
        .token(grant.token()).deadline(deadline).valid(valid).build();
    RegisterMessage answer = register.write(settings.id(), op, grant.name(), grant.token());
    Recorder done = record(Boolean.TRUE.equals(answer.accepted()) ? Event.OK : Event.FAIL,
        "write", op).lock(grant.name()).session(grant.sessionId()).token(grant.token())
        .regT(answer.t()).highest(answer.highest());
    if (!Boolean.TRUE.equals(answer.accepted())) {
      done.error("fenced out: highest accepted " + answer.highest());
    }
    done.build();
  }

  private void release(LockGrant grant) {
    long op = nextOp++;
    long deadline = grant.deadlineNanos();
    boolean valid = grant.isValid();
    record(Event.INVOKE, "release", op).lock(grant.name()).session(grant.sessionId())
        .token(grant.token()).deadline(deadline).valid(valid).build();
    String type = Event.OK;
    String error = null;
    try {
      grant.release();
    } catch (StaleTokenException e) {
      type = Event.FAIL;
      error = "stale token: the lock had been lost before";
    } catch (SessionExpiredException e) {
      type = Event.FAIL;
      error = "the session had ended";
    } catch (WardenException e) {
      // Unreachable cluster, interrupt: the release may or may not have happened.
      type = Event.INFO;
      error = "could not release: " + e.getMessage();
    }
    Recorder done = record(type, "release", op).lock(grant.name()).session(grant.sessionId()).token(grant.token());
    if (error != null) {
      done.error(error);
    }
    done.build();
  }

  /** Starts an event now; {@link Event.Builder#build()} is wrapped to append it. */
  private Recorder record(String type, String f, long op) {
    return new Recorder(Event.at(System.nanoTime(), settings.id()).type(type).f(f).op(op));
  }

  /** An event under construction that is appended to the history when built. */
  private final class Recorder {
    private final Event.Builder builder;

    Recorder(Event.Builder builder) {
      this.builder = builder;
    }

    Recorder lock(String v) {
      builder.lock(v);
      return this;
    }

    Recorder session(long v) {
      builder.session(v);
      return this;
    }

    Recorder token(long v) {
      builder.token(v);
      return this;
    }

    Recorder deadline(long v) {
      builder.deadline(v);
      return this;
    }

    Recorder valid(boolean v) {
      builder.valid(v);
      return this;
    }

    Recorder holders(List<Event.Holder> v) {
      builder.holders(v);
      return this;
    }

    Recorder error(String v) {
      builder.error(v);
      return this;
    }

    Recorder regT(Long v) {
      if (v != null) {
        builder.regT(v);
      }
      return this;
    }

    Recorder highest(Long v) {
      if (v != null) {
        builder.highest(v);
      }
      return this;
    }

    Event build() {
      Event event = builder.build();
      history.append(event);
      return event;
    }
  }

  private long between(Duration min, Duration max) {
    return WorkerControl.between(random, min, max);
  }

  private static String describe(Exception e) {
    return WorkerControl.describe(e);
  }

  private static void sleep(long millis) {
    WorkerControl.sleep(millis);
  }
}
