package io.warden.client.lock;

import io.warden.client.WardenException;
import io.warden.protocol.client.ErrorCode;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link WardenLock#acquire(Duration)} was not granted the lock in time. Its waiter has been
 * removed from the lock's queue, and a grant that raced with the removal has been released, so the
 * session neither holds nor waits for the lock. Retry later, wait longer, or find out who holds the
 * lock ({@code wardenctl locks NAME}, {@link io.warden.client.WardenClient#describeLock}).
 */
public class LockTimeoutException extends WardenException {

  private final String lockName;
  private final Duration timeout;

  /**
   * @param lockName the lock that was not granted
   * @param timeout how long was waited
   * @param message what happened and what to do
   */
  public LockTimeoutException(String lockName, Duration timeout, String message) {
    super(ErrorCode.ERROR_CODE_UNSPECIFIED, message);
    this.lockName = Objects.requireNonNull(lockName, "lockName");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The lock that was not granted. */
  public String lockName() {
    return lockName;
  }

  /** How long the acquire waited. */
  public Duration timeout() {
    return timeout;
  }
}
