package io.warden.bench;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.ring.Membership;
import io.warden.client.ring.MembershipListener;
import java.time.Duration;

/**
 * A data node as the benchmark plays it: its own {@code WardenClient} (a data node is a process of
 * its own) and session, joined to the ring with weight 1. It serves whatever it is given and gives
 * back at once what it is asked to release, reporting both to the shared {@link OwnershipTracker}
 * before acknowledging, so the tracker never shows two nodes serving one partition unless Warden
 * granted it twice.
 */
final class DataNode implements MembershipListener, AutoCloseable {
  private final String id;
  private final WardenClient client;
  private final WardenSession session;
  private final OwnershipTracker tracker;
  private Membership membership;

  /** Opens the node's client and session (no join yet). */
  DataNode(String id, String endpoints, Duration requestTimeout, Duration ttl, OwnershipTracker tracker) {
    this.id = id;
    this.tracker = tracker;
    this.client = WardenClient.builder().endpoints(endpoints).requestTimeout(requestTimeout).build();
    this.session = client.createSession(ttl, "warden-bench/" + id);
  }

  String id() {
    return id;
  }

  /** Joins the ring (zone {@code zone}); returns once the Join is applied. */
  void join(String zone) {
    membership = session.join(id, "127.0.0.1:0", zone, 1, this);
  }

  /** Leaves the ring; returns once every release is acknowledged (or false after the timeout). */
  boolean leave(Duration timeout) {
    return membership.leave(timeout.toMillis());
  }

  @Override
  public void onAcquire(int partition, long token) {
    tracker.acquired(id, partition);
  }

  @Override
  public void onRelease(int partition, ReleaseAck ack) {
    tracker.released(id, partition); // stopped serving: only now may the next owner have it
    ack.ack();
  }

  /** Closes the session (the cluster drops the membership) and the client. */
  @Override
  public void close() {
    session.close();
    client.close();
  }
}
