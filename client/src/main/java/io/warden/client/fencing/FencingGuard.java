package io.warden.client.fencing;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rejects writes from lock holders that have lost their lock: embedded by a resource server (a
 * store, a queue, a file service) that receives writes stamped with a Warden fencing token
 * ({@link io.warden.client.lock.LockGrant#token()}).
 *
 * <p>Per resource key, {@link #accept} admits a token greater than or equal to the highest admitted
 * so far, records it, and rejects a lower one with {@link FencedOutException}. Tokens of successive
 * exclusive grants of a lock only grow, so once the new holder's write has been accepted, every
 * write of an earlier holder is refused, however late it arrives.
 *
 * <pre>{@code
 * FencingGuard guard = new FencingGuard();
 * void write(String key, byte[] value, long token) {
 *   guard.accept(key, token);          // throws FencedOutException for a stale holder
 *   storage.put(key, value);
 * }
 * }</pre>
 *
 * <p>Accepting and the write it guards are two steps: a resource that must never apply a stale
 * write, even one racing with its successor's, calls {@code accept} and writes under the same
 * per-resource lock (or serializes writes per resource some other way).
 *
 * <p><b>Durability.</b> Without a {@link TokenStore} the guard forgets everything when the process
 * ends. With one, a new highest token is saved before it becomes visible; if saving throws, the
 * token is not accepted. Restart with what was saved. Tokens equal to the highest are accepted
 * without saving (nothing changes).
 *
 * <p>Thread-safe, with per-resource atomicity and no lock shared between resources: accepting the
 * current highest token again, or rejecting a lower one, takes no lock at all; raising the highest
 * takes the resource's own lock (held across {@link TokenStore#save}). Memory grows with the number
 * of distinct resources, which are never forgotten (forgetting one would let stale tokens in).
 */
public final class FencingGuard {

  private static final TokenStore IN_MEMORY = (resource, token) -> {};

  private final ConcurrentHashMap<String, Highest> resources = new ConcurrentHashMap<>();
  private final TokenStore store;

  /** The highest token of one resource. Raised only under its own lock; read without. */
  private static final class Highest {
    /** 0 until a token is accepted; tokens are positive. */
    volatile long token;

    Highest(long token) {
      this.token = token;
    }
  }

  /** A guard kept in memory only. */
  public FencingGuard() {
    this(Map.of(), IN_MEMORY);
  }

  /**
   * A guard that starts from the highest tokens saved before and saves every new highest through
   * {@code store}.
   *
   * @param highestAccepted the highest token accepted per resource (what {@code store} saved)
   * @param store told of each new highest token before it is accepted
   * @throws IllegalArgumentException if a token is not positive
   */
  public FencingGuard(Map<String, Long> highestAccepted, TokenStore store) {
    this.store = Objects.requireNonNull(store, "store");
    Objects.requireNonNull(highestAccepted, "highestAccepted");
    highestAccepted.forEach(
        (resource, token) -> {
          Objects.requireNonNull(resource, "resource");
          Objects.requireNonNull(token, "token");
          resources.put(resource, new Highest(requirePositive(resource, token)));
        });
  }

  /**
   * Admits a write to {@code resource} stamped with {@code token}: records the token if it is the
   * highest so far.
   *
   * @throws FencedOutException if a higher token has already been accepted for {@code resource}
   * @throws IllegalArgumentException if {@code token} is not positive (Warden's tokens are)
   * @throws RuntimeException whatever the {@link TokenStore} threw; the token was not accepted
   */
  public void accept(String resource, long token) {
    Objects.requireNonNull(resource, "resource");
    requirePositive(resource, token);
    Highest highest = resources.computeIfAbsent(resource, r -> new Highest(0));
    long seen = highest.token;
    if (token == seen) {
      return; // the common case: the current holder writing again
    }
    if (token < seen) {
      throw new FencedOutException(resource, token, seen); // it only grows: no need to lock
    }
    synchronized (highest) {
      seen = highest.token;
      if (token < seen) {
        throw new FencedOutException(resource, token, seen);
      }
      if (token > seen) {
        store.save(resource, token); // durable before visible; a throw leaves it unaccepted
        highest.token = token;
      }
    }
  }

  /** The highest token accepted for {@code resource}, or empty if none has been. */
  public OptionalLong highest(String resource) {
    Highest highest = resources.get(Objects.requireNonNull(resource, "resource"));
    long token = highest == null ? 0 : highest.token;
    return token > 0 ? OptionalLong.of(token) : OptionalLong.empty();
  }

  /** A copy of the highest token accepted per resource, e.g. to save it all at once. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new HashMap<>();
    resources.forEach(
        (resource, highest) -> {
          long token = highest.token;
          if (token > 0) {
            copy.put(resource, token);
          }
        });
    return copy;
  }

  private static long requirePositive(String resource, long token) {
    if (token <= 0) {
      throw new IllegalArgumentException(
          String.format(
              "fencing token for \"%s\" must be positive, got %d: pass LockGrant.token()",
              resource, token));
    }
    return token;
  }
}
