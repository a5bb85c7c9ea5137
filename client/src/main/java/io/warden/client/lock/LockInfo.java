package io.warden.client.lock;

import java.util.List;

/**
 * One lock as the leader knows it ({@link io.warden.client.WardenClient#describeLock}, {@link
 * io.warden.client.WardenClient#listLocks}).
 *
 * @param name the lock's name
 * @param mode the mode of its current holders, or {@code null} when nobody holds it (it then has
 *     waiters only, which happens while a lock-delay keeps it ungranted)
 * @param holders the sessions holding it, in grant order
 * @param waiters the sessions queued for it, first in line first
 */
public record LockInfo(
    String name, LockMode mode, List<LockHolder> holders, List<LockWaiter> waiters) {

  /** Copies the lists, so the record stays immutable. */
  public LockInfo {
    holders = List.copyOf(holders);
    waiters = List.copyOf(waiters);
  }
}
