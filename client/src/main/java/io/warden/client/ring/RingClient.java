package io.warden.client.ring;

import io.warden.client.WardenInterruptedException;
import io.warden.client.transport.ClusterTransport;
import io.warden.client.transport.Reply;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.JoinRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The client's ring machinery, one per {@code WardenClient}: routes pushed ownership events to the
 * {@link Membership} of their session, ring changes to the {@link RingView}, and re-asks for the
 * watch and for unsettled releases after a lost connection. Internal to the client library.
 */
public final class RingClient {
  /** How long {@code ring()} waits for the first table. */
  private static final long FIRST_TABLE_MILLIS = 10_000;

  private final ClusterTransport transport;
  private final Executor callbacks;
  private final long requestTimeoutMillis;
  private final Map<Long, Membership> bySession = new ConcurrentHashMap<>();
  /** Per live session, kept across its memberships: see {@link TokenFloor}. */
  private final Map<Long, TokenFloor> floors = new ConcurrentHashMap<>();
  private volatile RingView view;

  public RingClient(ClusterTransport transport, Executor callbacks, long requestTimeoutMillis) {
    this.transport = transport;
    this.callbacks = callbacks;
    this.requestTimeoutMillis = requestTimeoutMillis;
    transport.subscribeEvents(this::onEvent);
    transport.subscribeConnectionLoss(this::onConnectionLost);
  }

  /** The ring view, watching from its first use on; waits for the first table. */
  public RingView view() {
    RingView current = view;
    if (current == null) {
      synchronized (this) {
        current = view;
        if (current == null) {
          current = new RingView(this);
          view = current;
          current.watch();
        }
      }
    }
    current.awaitTable(FIRST_TABLE_MILLIS);
    return current;
  }

  /** Joins {@code nodeId} under {@code sessionId}; the listener hears of every grant and release. */
  public Membership join(long sessionId, String nodeId, String address, String zone, int weight,
                         MembershipListener listener) {
    if (nodeId == null || nodeId.isEmpty()) {
      throw new IllegalArgumentException("a data node needs a non-empty node id");
    }
    if (weight < 1 || weight > 100) {
      throw new IllegalArgumentException("weight must be 1..100, was " + weight);
    }
    Membership membership = new Membership(this, sessionId, nodeId, listener,
        floors.computeIfAbsent(sessionId, id -> new TokenFloor()));
    // Registered first: grants pushed before the Join's answer arrives must find it.
    bySession.put(sessionId, membership);
    try {
      await(callLeader(ClientMessage.newBuilder().setJoin(JoinRequest.newBuilder()
          .setNodeId(nodeId).setAddress(address).setZone(zone).setWeight(weight).setSessionId(sessionId)).build()),
          "Join of " + nodeId);
    } catch (RuntimeException e) {
      bySession.remove(sessionId, membership);
      throw e;
    }
    return membership;
  }

  /** The session ended: its membership is gone from the cluster. */
  public void onSessionEnded(long sessionId) {
    floors.remove(sessionId);
    Membership membership = bySession.remove(sessionId);
    if (membership != null) {
      membership.onSessionEnded();
    }
  }

  void forget(Membership membership) {
    bySession.remove(membership.sessionId(), membership);
  }

  Executor callbacks() {
    return callbacks;
  }

  long requestTimeoutMillis() {
    return requestTimeoutMillis;
  }

  CompletableFuture<Reply> callLeader(ClientMessage request) {
    return transport.callLeader(request);
  }

  <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WardenInterruptedException("interrupted while waiting for " + what
          + "; if it was a write, it may or may not have been applied", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(what + " failed", e.getCause());
    }
  }

  private void onEvent(Event event) {
    if (event.hasPartitionAcquired()) {
      Membership membership = bySession.get(event.getPartitionAcquired().getSessionId());
      if (membership != null) {
        membership.onAcquired(event.getPartitionAcquired());
      }
    } else if (event.hasPartitionReleaseRequested()) {
      Membership membership = bySession.get(event.getPartitionReleaseRequested().getSessionId());
      if (membership != null) {
        membership.onReleaseRequested(event.getPartitionReleaseRequested());
      }
    } else if (event.hasRingChanged()) {
      RingView current = view;
      if (current != null) {
        current.onRingChanged(event.getIndex(), event.getRingChanged());
      }
    } else if (event.hasSessionExpired()) {
      onSessionEnded(event.getSessionExpired().getSessionId());
    }
  }

  private void onConnectionLost() {
    RingView current = view;
    if (current != null) {
      current.watch();
    }
    bySession.values().forEach(Membership::resendReleases);
  }
}
