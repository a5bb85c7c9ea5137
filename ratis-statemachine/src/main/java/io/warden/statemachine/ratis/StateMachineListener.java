package io.warden.statemachine.ratis;

import io.warden.statemachine.apply.ApplyEvent;
import java.util.List;

/**
 * What the server learns from the state machine. Every method runs on a Ratis thread (the
 * apply thread, or a Raft RPC thread for role changes) and must return at once: hand work off,
 * never block.
 */
public interface StateMachineListener {
  /** An entry was applied and committed to the store; {@code events} may be empty. */
  default void onApplied(long index, List<ApplyEvent> events) {}

  /** The whole state was replaced from an installed snapshot at {@code index}. */
  default void onStateReloaded(long index) {}

  /** This server leads {@code term} and has applied every entry before its first one of the term. */
  default void onLeaderReady(long term) {}

  /** This server stopped leading. */
  default void onNotLeader() {}

  /** A leader was learned (possibly this server). */
  default void onLeaderChanged(String leaderId) {}
}
