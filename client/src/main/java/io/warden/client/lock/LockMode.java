package io.warden.client.lock;

/** How a lock is held. */
public enum LockMode {
  /** One holder at a time (a writer). */
  EXCLUSIVE,
  /**
   * Any number of shared holders at a time, never together with an exclusive one (readers). A
   * shared request never overtakes an exclusive request queued before it, so writers do not starve.
   */
  SHARED
}
