package io.warden.client.ring;

import io.warden.client.WardenException;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.LeaveRequest;
import io.warden.protocol.client.PartitionAcquired;
import io.warden.protocol.client.PartitionReleaseRequested;
import io.warden.protocol.client.ReleasePartitionRequest;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data node's place in the ring, made by {@code WardenSession.join}: which partitions it owns,
 * with their tokens, and the discipline of handing them off without overlap (DESIGN §7).
 *
 * <p>The node serves a partition from {@link MembershipListener#onAcquire} until it is asked to
 * release it ({@link MembershipListener#onRelease}); once it has stopped it acknowledges, and only
 * then does the cluster give the partition to its next owner, with a higher token. If the session
 * ends, the node must stop serving everything: the cluster hands its partitions over at once.
 *
 * <p>Grants are re-sent by the server after a reconnect, and a server the client no longer talks
 * to may push one late; a grant this session already knows, or one it has already given back
 * (also before it left and joined again), is ignored, so each partition's callbacks alternate
 * acquire, release, acquire... with strictly increasing tokens.
 */
public final class Membership implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  private final RingClient client;
  private final long sessionId;
  private final String nodeId;
  private final MembershipListener listener;
  /** The session's highest token per partition, shared with the memberships it had before. */
  private final TokenFloor floor;
  /** What this node serves: partition → token. Releases asked of it stay here until acknowledged. */
  private final Map<Integer, Long> owned = new ConcurrentHashMap<>();
  /**
   * Partitions whose release was asked and not yet settled by the cluster: partition → token. Once
   * the listener has acknowledged, the partition has left {@link #owned}.
   */
  private final Map<Integer, Long> releasing = new ConcurrentHashMap<>();
  private final AtomicBoolean left = new AtomicBoolean();
  private volatile CompletableFuture<Void> allReleased = new CompletableFuture<>();

  Membership(RingClient client, long sessionId, String nodeId, MembershipListener listener, TokenFloor floor) {
    this.client = client;
    this.sessionId = sessionId;
    this.nodeId = nodeId;
    this.listener = listener;
    this.floor = floor;
  }

  public String nodeId() {
    return nodeId;
  }

  public long sessionId() {
    return sessionId;
  }

  /** The partitions this node owns now, with their tokens (including those it is releasing). */
  public SortedMap<Integer, Long> ownedPartitions() {
    return new TreeMap<>(owned);
  }

  /** The token this node holds {@code partition} with, or 0 if it does not own it. */
  public long tokenOf(int partition) {
    return owned.getOrDefault(partition, 0L);
  }

  /**
   * Leaves the ring: the cluster takes this node out of placement at once and asks it to release
   * every partition it owns; this waits (at most {@code timeoutMillis}) until the listener has
   * acknowledged each release.
   *
   * @return true if everything was released in time
   */
  public boolean leave(long timeoutMillis) {
    if (left.compareAndSet(false, true)) {
      client.await(client.callLeader(ClientMessage.newBuilder().setLeave(LeaveRequest.newBuilder()
          .setNodeId(nodeId).setSessionId(sessionId)).build()), "Leave of " + nodeId);
    }
    checkAllReleased();
    try {
      allReleased.get(timeoutMillis, TimeUnit.MILLISECONDS);
      client.forget(this);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  /** {@link #leave(long)} with the client's request timeout. */
  public boolean leave() {
    return leave(client.requestTimeoutMillis());
  }

  @Override
  public void close() {
    leave();
  }

  // ---- from the client, on its event thread ------------------------------------------------

  void onAcquired(PartitionAcquired acquired) {
    int partition = acquired.getPartition();
    long token = acquired.getToken();
    // Tokens of one partition only grow: a grant at or below one this session already held or
    // gave back (also under an earlier join) is a late copy and must not make it an owner again.
    if (!floor.raise(partition, token)) {
      return;
    }
    owned.put(partition, token);
    client.callbacks().execute(() -> {
      try {
        listener.onAcquire(partition, token, acquired.getEpoch());
      } catch (RuntimeException e) {
        log.warn("Membership listener of {} failed on acquire of partition {}", nodeId, partition, e);
      }
    });
  }

  void onReleaseRequested(PartitionReleaseRequested request) {
    int partition = request.getPartition();
    long token = request.getToken();
    if (!Long.valueOf(token).equals(owned.get(partition)) || releasing.putIfAbsent(partition, token) != null) {
      return;
    }
    AtomicBoolean acked = new AtomicBoolean();
    MembershipListener.ReleaseAck ack = () -> {
      if (acked.compareAndSet(false, true)) {
        release(partition, token);
      }
    };
    client.callbacks().execute(() -> {
      try {
        listener.onRelease(partition, token, request.getEpoch(), ack);
      } catch (RuntimeException e) {
        log.warn("Membership listener of {} failed on release of partition {}", nodeId, partition, e);
      }
    });
  }

  /** The session ended: the cluster has handed everything over; stop serving it all. */
  void onSessionEnded() {
    for (Map.Entry<Integer, Long> entry : owned.entrySet()) {
      int partition = entry.getKey();
      long token = entry.getValue();
      owned.remove(partition, token);
      client.callbacks().execute(() -> listener.onRelease(partition, token, 0, () -> { }));
    }
    releasing.clear();
    checkAllReleased();
  }

  /** Re-sends the releases acknowledged but not yet settled (after a lost connection). */
  void resendReleases() {
    releasing.forEach((partition, token) -> {
      if (!token.equals(owned.get(partition))) { // acknowledged
        sendRelease(partition, token);
      }
    });
  }

  private void release(int partition, long token) {
    owned.remove(partition, token);
    checkAllReleased();
    sendRelease(partition, token);
  }

  private void sendRelease(int partition, long token) {
    client.callLeader(ClientMessage.newBuilder().setReleasePartition(ReleasePartitionRequest.newBuilder()
        .setPartition(partition).setToken(token).setSessionId(sessionId)).build())
        .whenComplete((reply, failure) -> {
          boolean settled = failure == null
              || (failure instanceof WardenException w && w.code() == ErrorCode.STALE_TOKEN)
              || (failure.getCause() instanceof WardenException c && c.code() == ErrorCode.STALE_TOKEN);
          if (settled) {
            releasing.remove(partition, token);
          } else {
            log.debug("Release of partition {} (token {}) by {} not confirmed: {}", partition, token, nodeId,
                failure.toString());
          }
        });
  }

  private void checkAllReleased() {
    if (left.get() && owned.isEmpty()) {
      allReleased.complete(null);
    }
  }
}
