package io.warden.client.fencing;

import io.warden.client.WardenException;
import io.warden.protocol.client.ErrorCode;

/**
 * A write was stamped with a fencing token lower than one already accepted for the same resource:
 * it comes from a lock holder that has since lost the lock (its session expired and someone else
 * was granted it). Reject the write, and tell its sender to stop acting on the lock.
 */
public class FencedOutException extends WardenException {

  private final String resource;
  private final long offeredToken;
  private final long highestAccepted;

  /**
   * @param resource the resource written to
   * @param offeredToken the token the write carried
   * @param highestAccepted the highest token accepted for the resource so far
   */
  public FencedOutException(String resource, long offeredToken, long highestAccepted) {
    super(
        ErrorCode.ERROR_CODE_UNSPECIFIED,
        String.format(
            "fenced out: a write to \"%s\" carries token %d, but token %d has already been"
                + " accepted for it, so the writer no longer holds the lock; reject the write, and"
                + " the writer must stop and acquire the lock again",
            resource, offeredToken, highestAccepted));
    this.resource = resource;
    this.offeredToken = offeredToken;
    this.highestAccepted = highestAccepted;
  }

  /** The resource written to. */
  public String resource() {
    return resource;
  }

  /** The token the rejected write carried. */
  public long offeredToken() {
    return offeredToken;
  }

  /** The highest token accepted for the resource when the write was rejected. */
  public long highestAccepted() {
    return highestAccepted;
  }
}
