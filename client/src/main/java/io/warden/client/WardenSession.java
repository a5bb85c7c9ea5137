package io.warden.client;

import io.warden.client.lock.LockMode;
import io.warden.client.lock.LockRpc;
import io.warden.client.lock.SessionLocks;
import io.warden.client.lock.SessionView;
import io.warden.client.lock.WardenLock;
import io.warden.client.ring.Membership;
import io.warden.client.ring.MembershipListener;
import io.warden.client.session.LeasedSession;
import io.warden.client.session.StateChange;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session: a lease on the cluster that this client keeps alive with keepalives, and that the
 * cluster ends (releasing everything the session holds) if they stop for longer than its TTL.
 *
 * <p>The client keeps its own, earlier deadline ({@link #deadlineNanos()}): the send time of the
 * last acknowledged keepalive plus the TTL minus a small drift margin. Before that deadline the
 * cluster cannot have expired the session, so whatever the session holds is still held; at it, the
 * session becomes {@link SessionState#EXPIRED} here even if the cluster has not yet noticed. Check
 * {@link #isValid()} before acting on anything the session holds, and listen for state changes with
 * {@link #addListener}.
 *
 * <p>Locks are held by sessions: {@link #lock(String)} gives a handle to acquire one with.
 *
 * <p>Thread-safe. Created by {@link WardenClient#createSession}; closing the client closes its
 * sessions.
 */
public final class WardenSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WardenSession.class);

  private final WardenClient client;
  private final String owner;
  private final Duration ttl;
  private final LeasedSession lease;
  private final SessionLocks locks;
  private final CopyOnWriteArrayList<SessionListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  WardenSession(
      WardenClient client,
      long id,
      Duration ttl,
      String owner,
      long createSentNanos,
      ScheduledExecutorService timer,
      Executor callbacks,
      Executor completions,
      LockRpc lockRpc,
      Duration requestTimeout) {
    this.client = client;
    this.owner = owner;
    this.ttl = ttl;
    this.lease =
        new LeasedSession(
            id, ttl.toNanos(), createSentNanos, System::nanoTime, timer, callbacks, this::deliver);
    this.locks = new SessionLocks(new View(), lockRpc, completions, callbacks, requestTimeout);
    // Straight from the transition, not via the listener thread: a waiting acquire fails at once.
    lease.addObserver(
        (session, change) -> {
          if (change.current() == SessionState.EXPIRED) {
            locks.sessionEnded();
            client.ringClient().onSessionEnded(id);
          }
        });
  }

  /** The session id, unique in the cluster (the log index of its creation). */
  public long id() {
    return lease.id();
  }

  /** The TTL the cluster granted. */
  public Duration ttl() {
    return ttl;
  }

  /** The owner label given at creation. */
  public String owner() {
    return owner;
  }

  /** The current state, taking the passage of time into account. */
  public SessionState state() {
    return lease.state();
  }

  /**
   * Whether the session can be trusted now: it is not {@link SessionState#EXPIRED} and its local
   * deadline has not passed. A {@link SessionState#SUSPENDED} session is still valid.
   */
  public boolean isValid() {
    return lease.isValid();
  }

  /**
   * The local lease deadline on the {@link System#nanoTime()} scale; compare with {@code
   * deadlineNanos() - System.nanoTime() > 0}. It moves forward with every acknowledged keepalive.
   */
  public long deadlineNanos() {
    return lease.deadlineNanos();
  }

  /**
   * A handle on the exclusive lock {@code name}, held by this session when acquired. Creating it
   * contacts nobody.
   *
   * @param name 1 to 512 bytes of UTF-8
   * @throws IllegalArgumentException if the name is empty, too long, or not valid Unicode
   */
  public WardenLock lock(String name) {
    return lock(name, LockMode.EXCLUSIVE);
  }

  /**
   * A handle on lock {@code name} in {@code mode}, held by this session when acquired. Creating it
   * contacts nobody.
   *
   * @param name 1 to 512 bytes of UTF-8
   * @throws IllegalArgumentException if the name is empty, too long, or not valid Unicode
   */
  public WardenLock lock(String name, LockMode mode) {
    return locks.lock(name, mode);
  }

  /**
   * Registers {@code listener} for the state changes that happen from now on. Listeners run on the
   * client's callback thread, one transition at a time, in order.
   */
  public void addListener(SessionListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Unregisters {@code listener}; a notification already under way may still reach it. */
  public void removeListener(SessionListener listener) {
    listeners.remove(listener);
  }

  /**
   * Ends the session: stops its keepalives, marks it {@link SessionState#EXPIRED} at once, and asks
   * the cluster to close it, which releases everything it holds. Waits for the cluster's answer at
   * most the client's request timeout; if the cluster cannot be reached, the session simply expires
   * there after its TTL (logged at WARN). Idempotent; never throws.
   */
  @Override
  public void close() {
    if (markClosed()) {
      client.closeSession(this).join(); // never fails; bounded by the request timeout
    }
  }

  @Override
  public String toString() {
    return "WardenSession[id="
        + id()
        + ", owner="
        + owner
        + ", ttl="
        + ttl
        + ", state="
        + state()
        + "]";
  }

  LeasedSession lease() {
    return lease;
  }

  /**
   * Joins the ring as data node {@code nodeId} under this session (DESIGN §7). The listener hears
   * of each partition this node gets ({@code onAcquire(partition, token)}) and each it must hand
   * off ({@code onRelease(partition, ack)}: stop serving, then ack). If this session ends, the node
   * leaves the ring and must stop serving everything.
   *
   * <p>If this throws a timeout or unavailable exception, the Join may still have been applied:
   * call {@code join} again with the same arguments. The cluster answers every Join with what the
   * node owns and must hand off, so nothing granted in between is missed.
   *
   * @param address host:port where the node serves, for other clients to find it
   * @param zone its failure zone (replicas prefer distinct zones); may be empty
   * @param weight its relative capacity, 1..100
   * @throws IllegalArgumentException for an empty node id or a weight out of range
   * @throws io.warden.client.InvalidArgumentException if the node id is a member under another
   *     live session
   */
  public Membership join(String nodeId, String address, String zone, int weight, MembershipListener listener) {
    return client.ringClient().join(id(), nodeId, address, zone, weight, listener);
  }

  /** This session's locks, to which the client routes pushed grants. */
  SessionLocks locks() {
    return locks;
  }

  /** Claims the right to close this session; true only for the first caller. */
  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  private void deliver(StateChange change) {
    if (change.current() == SessionState.EXPIRED) {
      client.forget(this);
    }
    // Holders first: they have side effects to stop.
    locks.onStateChange(change.previous(), change.current());
    for (SessionListener listener : listeners) {
      try {
        listener.onStateChange(this, change.previous(), change.current());
      } catch (RuntimeException e) {
        log.warn(
            "Session listener {} failed on {} -> {}",
            listener,
            change.previous(),
            change.current(),
            e);
      }
    }
  }

  /** The session as its locks see it. */
  private final class View implements SessionView {
    @Override
    public long id() {
      return lease.id();
    }

    @Override
    public boolean isValid() {
      return lease.isValid();
    }

    @Override
    public long deadlineNanos() {
      return lease.deadlineNanos();
    }
  }
}
