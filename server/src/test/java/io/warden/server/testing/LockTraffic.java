package io.warden.server.testing;

import static org.awaitility.Awaitility.await;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.lock.LockGrant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients taking and releasing locks in a loop while a test changes the cluster under them: each
 * worker has its own client and session and cycles through a few lock names. Records, per name,
 * the tokens in grant order (appended while the lock is held, so the order is the grant order),
 * how often two workers held one name at once, and every failure.
 */
public final class LockTraffic implements AutoCloseable {
  private final List<Thread> threads = new ArrayList<>();
  private final List<WardenClient> clients = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong cycles = new AtomicLong();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final Map<String, List<Long>> tokensByName = new ConcurrentHashMap<>();
  private final Map<String, AtomicBoolean> heldByName = new ConcurrentHashMap<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  private LockTraffic() {}

  /** Starts {@code workers} workers on {@code names} lock names against {@code endpoints}. */
  public static LockTraffic start(String endpoints, int workers, int names) {
    LockTraffic traffic = new LockTraffic();
    for (int n = 0; n < names; n++) {
      traffic.tokensByName.put("traffic/" + n, Collections.synchronizedList(new ArrayList<>()));
      traffic.heldByName.put("traffic/" + n, new AtomicBoolean());
    }
    for (int w = 0; w < workers; w++) {
      int worker = w;
      Thread thread = new Thread(() -> traffic.run(endpoints, worker, names), "lock-traffic-" + w);
      thread.setDaemon(true);
      traffic.threads.add(thread);
      thread.start();
    }
    return traffic;
  }

  private void run(String endpoints, int worker, int names) {
    WardenClient client = WardenClient.builder().endpoints(endpoints).requestTimeout(Duration.ofSeconds(30)).build();
    clients.add(client);
    try (WardenSession session = client.createSession(Duration.ofSeconds(30), "lock-traffic-" + worker)) {
      for (long i = worker; !stop.get(); i++) {
        String name = "traffic/" + (i % names);
        try (LockGrant grant = session.lock(name).acquire(Duration.ofSeconds(30))) {
          AtomicBoolean held = heldByName.get(name);
          if (!held.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
          }
          tokensByName.get(name).add(grant.token());
          held.set(false);
        }
        cycles.incrementAndGet();
      }
    } catch (Throwable t) {
      if (!stop.get()) {
        failures.add(t);
      }
    }
  }

  /** Completed acquire-release cycles so far. */
  public long cycles() {
    return cycles.get();
  }

  /** Waits until {@code more} cycles past the current count have completed. */
  public void awaitMoreCycles(int more) {
    long target = cycles() + more;
    await("lock traffic to make progress").atMost(Duration.ofSeconds(60)).until(() -> cycles() >= target);
  }

  /** Stops the workers after their current cycle; waits for them. */
  public void stop() throws InterruptedException {
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(60).toMillis());
    }
  }

  public List<Throwable> failures() {
    return List.copyOf(failures);
  }

  public int overlaps() {
    return overlaps.get();
  }

  /** Tokens granted per lock name, in grant order. */
  public Map<String, List<Long>> tokensByName() {
    Map<String, List<Long>> copy = new ConcurrentHashMap<>();
    tokensByName.forEach((name, tokens) -> {
      synchronized (tokens) {
        copy.put(name, List.copyOf(tokens));
      }
    });
    return copy;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    clients.forEach(WardenClient::close);
  }
}
