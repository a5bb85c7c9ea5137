package io.warden.client.lock;

/**
 * What the lock machinery needs to know of the session it works for.
 *
 * <p><b>Internal API</b>, implemented by {@link io.warden.client.WardenSession}; public only so
 * that package can implement it.
 */
public interface SessionView {

  /** The session id. */
  long id();

  /** Not EXPIRED and the local lease deadline has not passed. */
  boolean isValid();

  /** The local lease deadline on the {@link System#nanoTime()} scale. */
  long deadlineNanos();
}
