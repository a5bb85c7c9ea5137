package io.warden.client.ring;

/**
 * What a data node hears about its partitions. Calls come one at a time, in the order the cluster
 * made the changes, on the client's callback thread; they must not block for long.
 */
public interface MembershipListener {
  /** This node owns {@code partition} from now on; stamp every write to it with {@code token}. */
  void onAcquire(int partition, long token);

  /**
   * This node must stop serving {@code partition}. Once it has stopped (no write in flight any
   * more), it calls {@link ReleaseAck#ack()}; only then does the next owner get the partition.
   */
  void onRelease(int partition, ReleaseAck ack);

  /**
   * {@link #onAcquire(int, long)} with the ring epoch the grant was made at (for logs); by default
   * calls it.
   */
  default void onAcquire(int partition, long token, long epoch) {
    onAcquire(partition, token);
  }

  /**
   * {@link #onRelease(int, ReleaseAck)} with the token being given back and the ring epoch of the
   * request (for logs); by default calls it.
   */
  default void onRelease(int partition, long token, long epoch, ReleaseAck ack) {
    onRelease(partition, ack);
  }

  /** Acknowledges a release. Idempotent; may be called from any thread. */
  interface ReleaseAck {
    void ack();
  }
}
