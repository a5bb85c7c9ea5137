package io.warden.chaos.workload;

import io.warden.chaos.history.Event;
import io.warden.chaos.history.HistoryWriter;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import io.warden.client.WardenSession;
import io.warden.client.ring.Membership;
import io.warden.client.ring.MembershipListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One data node of the ring, through the client's ring API ({@code session.join}). It records
 * what the checker needs to draw its ownership intervals: {@code acquire} (partition, token) when
 * it starts acting as a partition's owner, {@code release} when it stops, before it acknowledges
 * a handoff (or, when its session ended, at once: the cluster has handed everything over), and a
 * {@code lease} report of its session's deadline twice a second, so that an interval with no
 * release (a killed node) ends at the last deadline the node knew. Every event carries the
 * session's deadline and validity at that moment, as the lock workers' do.
 *
 * <p>Members come and go: the node leaves the ring and joins again at seeded random times, and
 * opens a new session and joins again when its session ended (it was paused or cut off past its
 * TTL). After a restart (the nemesis killed it) it joins under a new session; the cluster refuses
 * that until the old session has expired, so joins are retried.
 *
 * <p>Protocol with the harness, as for lock workers: {@code ready} once it is a member; on {@code
 * stop} it leaves (releasing everything), prints {@code quiesced} and waits; at the end of stdin
 * it closes its session and exits.
 */
public final class DataNodeWorker {
  private static final long LEASE_REPORT_MILLIS = 500;

  /**
   * How a data node is set up.
   *
   * @param id the node id, also its process name in the history
   * @param address the address it announces (nothing listens there: the workload only owns)
   * @param zone its failure zone
   * @param stayMin shortest time it stays a member before it leaves on its own
   * @param stayMax longest such time
   * @param awayMin shortest time it stays out after leaving
   * @param awayMax longest such time
   * @param firstOp its first operation number: a restarted node continues above its predecessor's
   */
  public record Settings(
      String id,
      String endpoints,
      String address,
      String zone,
      Duration ttl,
      Duration requestTimeout,
      Duration stayMin,
      Duration stayMax,
      Duration awayMin,
      Duration awayMax,
      Path history,
      long seed,
      long firstOp) {}

  private final Settings settings;
  private final Random random;
  private final HistoryWriter history;
  private final WorkerControl control;
  private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lease-report");
    t.setDaemon(true);
    return t;
  });
  private long nextOp;
  private volatile WardenSession session;
  private Membership membership;

  DataNodeWorker(Settings settings, WorkerControl control) {
    this.settings = settings;
    this.random = new Random(settings.seed());
    this.history = new HistoryWriter(settings.history());
    this.control = control;
    this.nextOp = settings.firstOp();
  }

  /** Runs until told to stop; returns the exit code. */
  public static int run(Settings settings) {
    return new DataNodeWorker(settings, WorkerControl.takeOverStdio()).loop();
  }

  private int loop() {
    WardenClient client = WardenClient.builder().endpoints(settings.endpoints())
        .requestTimeout(settings.requestTimeout()).connectTimeout(Duration.ofSeconds(1)).build();
    reporter.scheduleAtFixedRate(this::reportLease, LEASE_REPORT_MILLIS, LEASE_REPORT_MILLIS,
        TimeUnit.MILLISECONDS);
    try {
      boolean ready = false;
      long leaveAt = 0;
      while (!control.stopping()) {
        if (!ensureMember(client)) {
          continue;
        }
        if (!ready) {
          control.tell("ready " + session.id());
          ready = true;
        }
        if (leaveAt == 0) {
          leaveAt = System.nanoTime() + between(settings.stayMin(), settings.stayMax()) * 1_000_000;
        }
        if (System.nanoTime() - leaveAt > 0) {
          leave();
          sleepUnlessStopping(between(settings.awayMin(), settings.awayMax()));
          leaveAt = 0;
        } else {
          WorkerControl.sleep(100);
        }
      }
      if (membership != null) {
        leave();
      }
      control.tell("quiesced");
      control.awaitEndOfInput();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    } finally {
      reporter.shutdownNow();
      client.close(); // closes the session too, so the cluster forgets it at once
      history.close();
    }
  }

  /** A member under a valid session, opening a session and joining as needed; false if not yet. */
  private boolean ensureMember(WardenClient client) {
    WardenSession current = session;
    if (current == null || !current.isValid()) {
      membership = null; // the session's end released everything (Membership.onSessionEnded)
      session = WorkerControl.openSession(client, settings.ttl(), settings.id(),
          "data node " + settings.id(), history, nextOp++);
      if (session == null) {
        return false;
      }
      current = session;
    }
    if (membership == null) {
      membership = join(current);
    }
    return membership != null;
  }

  private Membership join(WardenSession s) {
    long op = nextOp++;
    record(Event.INVOKE, "join", op, s, null);
    try {
      Membership joined = s.join(settings.id(), settings.address(), settings.zone(), 1,
          new Listener(s));
      record(Event.OK, "join", op, s, null);
      return joined;
    } catch (WardenException | IllegalStateException e) {
      // Also while the node's previous session (before a restart) has not expired yet.
      record(Event.INFO, "join", op, s, WorkerControl.describe(e));
      WorkerControl.sleep(500);
      return null;
    }
  }

  /**
   * Leaves the ring, waiting until every partition has been released. A leave that did not finish
   * is waited for again: joining again under the same session before it has would leave
   * partitions with a membership that no longer hears of them.
   */
  private void leave() {
    WardenSession s = session;
    while (membership != null && s.isValid()) {
      long op = nextOp++;
      record(Event.INVOKE, "leave", op, s, null);
      try {
        if (membership.leave()) {
          record(Event.OK, "leave", op, s, null);
          membership = null;
          return;
        }
        record(Event.INFO, "leave", op, s, "not every partition released in time");
      } catch (WardenException e) {
        record(Event.INFO, "leave", op, s, WorkerControl.describe(e));
        WorkerControl.sleep(200);
      }
    }
    membership = null; // the session ended: that released everything
  }

  private void reportLease() {
    WardenSession s = session;
    if (s != null) {
      history.append(Event.at(System.nanoTime(), settings.id()).type(Event.OK).f("lease")
          .session(s.id()).deadline(s.deadlineNanos()).valid(s.isValid()).build());
    }
  }

  /** Records what one membership hears; a new membership (a new join) gets a new listener. */
  private final class Listener implements MembershipListener {
    private final WardenSession s;

    Listener(WardenSession s) {
      this.s = s;
    }

    @Override
    public void onAcquire(int partition, long token) {
      ownership("acquire", partition, token);
    }

    @Override
    public void onRelease(int partition, ReleaseAck ack) {
      // Never called: the client calls the form with the token, overridden below.
      throw new UnsupportedOperationException("onRelease without a token");
    }

    @Override
    public void onRelease(int partition, long token, long epoch, ReleaseAck ack) {
      // Recorded before the ack: from here on the node no longer acts as the owner.
      ownership("release", partition, token);
      ack.ack();
    }

    private void ownership(String f, int partition, long token) {
      history.append(Event.at(System.nanoTime(), settings.id()).type(Event.OK).f(f)
          .partition(partition).token(token).session(s.id()).deadline(s.deadlineNanos())
          .valid(s.isValid()).build());
    }
  }

  /** Records a join or leave step of operation {@code op}; {@code error} may be null. */
  private void record(String type, String f, long op, WardenSession s, String error) {
    Event.Builder event = Event.at(System.nanoTime(), settings.id()).type(type).f(f).op(op)
        .session(s.id());
    if (error != null) {
      event.error(error);
    }
    history.append(event.build());
  }

  private void sleepUnlessStopping(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (!control.stopping() && System.nanoTime() - end < 0) {
      WorkerControl.sleep(50);
    }
  }

  private long between(Duration min, Duration max) {
    return WorkerControl.between(random, min, max);
  }
}
