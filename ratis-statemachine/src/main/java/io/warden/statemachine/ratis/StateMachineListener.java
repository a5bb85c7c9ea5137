package io.warden.statemachine.ratis;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.PeerInfo;
import io.warden.protocol.command.Command;
import io.warden.statemachine.apply.ApplyEvent;
import java.util.List;

/**
 * What the server learns from the state machine. Every method runs on a Ratis thread (the
 * apply thread, or a Raft RPC thread for role changes) and must return at once: hand work off,
 * never block.
 */
public interface StateMachineListener {
  /**
   * A command was applied and committed to the store; {@code index} is its position
   * ({@code Positions}: every command of a batch entry is reported on its own, in order);
   * {@code events} may be empty.
   */
  default void onApplied(long index, List<ApplyEvent> events) {}

  /**
   * Observation of a command just applied, after {@link #onApplied} for every command of its entry:
   * its command type ({@code BODY_NOT_SET} for an entry that does not decode), the result its
   * proposer is answered, and its share of the nanoseconds the entry's decode, apply and store
   * commit took. For metrics: the time can only
   * be taken here, and this keeps the state machine free of any metrics library. Replays of
   * entries the store already holds are not reported.
   */
  default void onCommandApplied(long index, Command.BodyCase type, CommandResult result, long applyNanos) {}

  /** A snapshot was taken at {@code index}; writing it took {@code durationNanos}. */
  default void onSnapshotTaken(long index, long durationNanos) {}

  /** The whole state was replaced from an installed snapshot; {@code index} is the position it holds. */
  default void onStateReloaded(long index) {}

  /** This server leads {@code term} and has applied every entry before its first one of the term. */
  default void onLeaderReady(long term) {}

  /** This server stopped leading. */
  default void onNotLeader() {}

  /** A leader was learned (possibly this server). */
  default void onLeaderChanged(String leaderId) {}

  /**
   * A stable Raft configuration (not a joint one) took effect on this server at log index
   * {@code index}: applied from the log (every leader's first entry of its term is one, so this
   * repeats unchanged configurations), or received with an installed snapshot. {@code voters} are
   * the voting members in id order, with the addresses the configuration carries. Runs on the apply
   * thread or a Raft RPC thread; may see an older index again while the log is replayed.
   */
  default void onConfigurationChanged(long index, List<PeerInfo> voters) {}
}
