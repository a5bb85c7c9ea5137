package io.warden.client.transport;

import io.warden.protocol.client.HelloReply;
import io.warden.protocol.client.LeaderHint;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's best guess of where the leader is, shared by all requests of one client.
 *
 * <p>When a leader is known (from a Hello reply or a NOT_LEADER hint) requests go there; the hinted
 * address is accepted even when it is not among the configured endpoints, since the group's
 * membership may have changed. Otherwise requests walk the configured endpoints round-robin, from a
 * random start so that many clients do not all probe the same server first.
 */
final class LeaderTracker {
  private static final Logger log = LoggerFactory.getLogger(LeaderTracker.class);

  private final List<Endpoint> configured;
  private final AtomicInteger cursor;
  private final AtomicReference<Endpoint> leader = new AtomicReference<>();

  LeaderTracker(List<Endpoint> configured) {
    this.configured = List.copyOf(configured);
    this.cursor = new AtomicInteger(ThreadLocalRandom.current().nextInt(configured.size()));
  }

  /** Where the next attempt of a leader request should go. */
  Endpoint target() {
    Endpoint known = leader.get();
    return known != null ? known : probe();
  }

  /** The leader currently believed in, if any. */
  Optional<Endpoint> leader() {
    return Optional.ofNullable(leader.get());
  }

  /** {@code endpoint} answered Hello: learn whether it leads, or whom it names. */
  void observeHello(Endpoint endpoint, HelloReply hello) {
    if (hello.getLeader()) {
      setLeader(endpoint);
    } else {
      Optional<Endpoint> hinted =
          hintedEndpoint(hello.hasLeaderHint() ? hello.getLeaderHint() : null);
      // Only replace a belief this server contradicts; another server's fresher word may stand.
      if (leader.get() == null || endpoint.equals(leader.get())) {
        hinted.ifPresentOrElse(this::setLeader, () -> notLeader(endpoint));
      }
    }
  }

  /** {@code endpoint} answered NOT_LEADER, naming {@code hint} (possibly empty). */
  void redirected(Endpoint endpoint, LeaderHint hint) {
    hintedEndpoint(hint)
        .filter(h -> !h.equals(endpoint))
        .ifPresentOrElse(this::setLeader, () -> notLeader(endpoint));
  }

  /** {@code endpoint} does not lead (it said so, or it knows no leader). */
  void notLeader(Endpoint endpoint) {
    if (leader.compareAndSet(endpoint, null)) {
      log.debug("{} is no longer believed to be the leader", endpoint);
    }
    moveProbePast(endpoint);
  }

  /** {@code endpoint} could not be reached or dropped the connection. */
  void unreachable(Endpoint endpoint) {
    notLeader(endpoint);
  }

  private void setLeader(Endpoint endpoint) {
    Endpoint previous = leader.getAndSet(endpoint);
    if (!endpoint.equals(previous)) {
      log.debug("Leader is now believed to be {}", endpoint);
    }
  }

  private Endpoint probe() {
    return configured.get(Math.floorMod(cursor.get(), configured.size()));
  }

  private void moveProbePast(Endpoint endpoint) {
    int at = cursor.get();
    // Only the first of many requests that saw the same failure moves the cursor, so concurrent
    // failures do not skip over healthy servers.
    if (configured.get(Math.floorMod(at, configured.size())).equals(endpoint)) {
      cursor.compareAndSet(at, at + 1);
    }
  }

  private static Optional<Endpoint> hintedEndpoint(LeaderHint hint) {
    if (hint == null || hint.getClientAddress().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Endpoint.parse(hint.getClientAddress()));
    } catch (IllegalArgumentException e) {
      log.debug("Ignoring unusable leader hint '{}'", hint.getClientAddress());
      return Optional.empty();
    }
  }
}
