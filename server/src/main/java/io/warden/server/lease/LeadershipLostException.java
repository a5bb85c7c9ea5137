package io.warden.server.lease;

/** This server could not prove it still leads: the request must go to the current leader. */
public final class LeadershipLostException extends RuntimeException {
  public LeadershipLostException(String message) {
    super(message);
  }
}
