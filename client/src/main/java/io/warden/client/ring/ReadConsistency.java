package io.warden.client.ring;

/** How fresh an ownership answer must be. */
public enum ReadConsistency {
  /** From the client's local copy of the table: no network, possibly a little behind. */
  LOCAL,
  /** Asked of the leader once it has proven its leadership after the question arrived. */
  LINEARIZABLE
}
