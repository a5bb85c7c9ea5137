package io.warden.server.examples;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.fencing.FencedOutException;
import io.warden.client.fencing.FencingGuard;
import io.warden.client.lock.LockGrant;
import io.warden.client.lock.WardenLock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The README's "Locks from Java" example, verbatim between the markers: {@code ReadmeExamplesTest}
 * checks that the README shows exactly this code and runs it against a real cluster.
 */
final class LocksFromJava {
  /** A resource server that embeds a FencingGuard: it refuses writes stamped with an old token. */
  static final class Inventory {
    private final FencingGuard guard = new FencingGuard();
    private final Map<String, String> rows = new ConcurrentHashMap<>();

    void write(String key, String value, long fencingToken) {
      guard.accept(key, fencingToken); // throws FencedOutException if a newer holder has written
      rows.put(key, value);
    }

    String read(String key) {
      return rows.get(key);
    }
  }

  static void run(String endpoints, Inventory inventory) {
    // README:start
    try (WardenClient client = WardenClient.connect(endpoints);
         WardenSession session = client.createSession(Duration.ofSeconds(10))) {
      WardenLock lock = session.lock("orders/42");
      try (LockGrant grant = lock.acquire(Duration.ofSeconds(5))) {   // LockTimeoutException if not granted
        // Stamp every write the lock protects with its fencing token.
        inventory.write("orders/42", "shipped", grant.token());
      }                                                               // close() releases the lock
    } catch (FencedOutException e) {
      // A newer holder already wrote: this process lost the lock (e.g. paused past its TTL).
    }
    // README:end
  }

  private LocksFromJava() {}
}
