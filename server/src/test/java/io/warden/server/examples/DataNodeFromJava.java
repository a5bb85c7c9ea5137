package io.warden.server.examples;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.ring.Membership;
import io.warden.client.ring.MembershipListener;
import io.warden.client.ring.RingView;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The README's "Data nodes" example, compiled and run by {@link DataNodeExampleTest}. */
final class DataNodeFromJava {
  private DataNodeFromJava() {}

  /** A data node's storage: serves only the partitions it owns, and stamps writes with their tokens. */
  static final class Shards {
    final Map<Integer, Long> serving = new ConcurrentHashMap<>();
    final Map<String, String> data = new ConcurrentHashMap<>();
    final Map<String, Long> writtenWith = new ConcurrentHashMap<>();

    synchronized void serve(int partition, long token) {
      serving.put(partition, token);
      notifyAll();
    }

    void stop(int partition) {
      serving.remove(partition);
    }

    synchronized void awaitServing(int partition, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!serving.containsKey(partition) && System.nanoTime() < deadline) {
        TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
      }
    }

    void write(int partition, long token, String key, String value) {
      if (!Long.valueOf(token).equals(serving.get(partition))) {
        throw new IllegalStateException("partition " + partition + " is not served with token " + token);
      }
      data.put(key, value);
      writtenWith.put(key, token);
    }
  }

  static void run(String endpoints, Shards shards) throws InterruptedException {
    // README:start
    try (WardenClient client = WardenClient.connect(endpoints);
         WardenSession session = client.createSession(Duration.ofSeconds(10), "store-1")) {
      Membership membership = session.join("store-1", "10.0.0.7:7000", "rack-a", 1, new MembershipListener() {
        @Override
        public void onAcquire(int partition, long token) {
          shards.serve(partition, token);      // from now on this node serves it
        }

        @Override
        public void onRelease(int partition, ReleaseAck ack) {
          shards.stop(partition);              // stop serving first...
          ack.ack();                           // ...then let the next owner have it
        }
      });

      RingView ring = client.ring();
      int partition = ring.partitionOf("user-42");
      shards.awaitServing(partition, Duration.ofSeconds(10));
      long token = membership.tokenOf(partition);  // 0 if this node does not own it
      shards.write(partition, token, "user-42", "hello");  // stamped with the partition's token

      membership.leave();                      // hands every partition off, then leaves
    }
    // README:end
  }
}
