package io.warden.bench;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.lock.WardenLock;
import java.time.Duration;

/**
 * One worker thread's session and its handle on the lock it loops on. If the session ends (the
 * cluster expired it), the next cycle creates a new one and counts it in {@code sessions_lost},
 * as the etcd harness re-grants a lost lease.
 */
final class ThreadSession {
  private final WardenClient client;
  private final Duration ttl;
  private final String owner;
  private final String lockName;
  private WardenSession session;
  private WardenLock lock;

  /** Creates the session now (before T0). */
  ThreadSession(WardenClient client, Duration ttl, String owner, String lockName) {
    this.client = client;
    this.ttl = ttl;
    this.owner = owner;
    this.lockName = lockName;
    renew();
  }

  /** The lock handle through a live session, replacing an ended session first. */
  WardenLock lock(WorkerStats st) {
    if (!session.isValid()) {
      session.close();
      st.sessionsLost++;
      renew();
    }
    return lock;
  }

  /** Closes the session (releasing what it holds). */
  void close() {
    session.close();
  }

  private void renew() {
    session = client.createSession(ttl, owner);
    lock = session.lock(lockName);
  }
}
