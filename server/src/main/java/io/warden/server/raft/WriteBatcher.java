package io.warden.server.raft;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.Batch;
import io.warden.protocol.command.Command;
import io.warden.statemachine.apply.Positions;
import io.warden.statemachine.apply.Results;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Group commit of client writes: while {@code maxInFlight} entries are on their way through Raft,
 * the writes that arrive wait, and the next entry carries all of them (up to 256) as one
 * {@code Batch}. A lone write goes at once; under load, one replication round, fsync and apply
 * serve many writes (ZooKeeper and etcd batch proposals the same way).
 *
 * <p>Entries leave in the order their writes arrived, and the proposer hands them to Ratis in that
 * order: so a write re-sent by its client can never be appended after a later write of the same
 * client that told the state machine to forget the first one's answer ({@code CallTable}).
 */
final class WriteBatcher {
  private final int maxInFlight;
  private final Function<Command, CompletableFuture<List<CommandResult>>> proposer;
  // Guarded by this.
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param maxInFlight entries proposed and not yet answered before writes start to wait
   * @param proposer proposes one entry; completes with one result per command, in order, or with
   *     one error for the whole entry (not leader, timeout); must not block (it is called holding
   *     the batcher's lock) and must hand entries to Ratis in the order it is called
   */
  WriteBatcher(int maxInFlight, Function<Command, CompletableFuture<List<CommandResult>>> proposer) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    this.proposer = proposer;
  }

  /** Queues {@code command}; the future completes with its result, errors included. */
  CompletableFuture<CommandResult> submit(Command command) {
    Pending pending = new Pending(command, new CompletableFuture<>());
    Proposed next;
    synchronized (this) {
      waiting.add(pending);
      next = proposeIfAllowed();
    }
    awaitAnswer(next);
    return pending.result;
  }

  /** Writes waiting for an entry to leave (for tests and metrics). */
  synchronized int waiting() {
    return waiting.size();
  }

  /**
   * Takes the waiting writes into an entry and proposes it, if fewer than {@code maxInFlight} are
   * out. Called holding the lock, so entries reach the proposer in the order they were made.
   */
  private Proposed proposeIfAllowed() {
    if (inFlight >= maxInFlight || waiting.isEmpty()) {
      return null;
    }
    inFlight++;
    List<Pending> taken = new ArrayList<>(Math.min(waiting.size(), Positions.MAX_COMMANDS_PER_ENTRY));
    while (!waiting.isEmpty() && taken.size() < Positions.MAX_COMMANDS_PER_ENTRY) {
      taken.add(waiting.poll());
    }
    Batch.Builder batch = Batch.newBuilder();
    taken.forEach(p -> batch.addCommands(p.command));
    CompletableFuture<List<CommandResult>> answer;
    try {
      answer = proposer.apply(Command.newBuilder().setBatch(batch).build());
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return new Proposed(taken, answer);
  }

  /** Outside the lock: answers go to their writes once the entry is answered, then the next entry leaves. */
  private void awaitAnswer(Proposed proposed) {
    if (proposed == null) {
      return;
    }
    proposed.answer.whenComplete((results, failure) -> {
      List<Pending> taken = proposed.taken;
      for (int i = 0; i < taken.size(); i++) {
        taken.get(i).result.complete(resultFor(i, taken.size(), results, failure));
      }
      Proposed next;
      synchronized (this) {
        inFlight--;
        next = proposeIfAllowed();
      }
      awaitAnswer(next);
    });
  }

  private static CommandResult resultFor(int i, int count, List<CommandResult> results, Throwable failure) {
    if (failure != null) {
      return Results.error(ErrorCode.UNKNOWN_OUTCOME, "the write's outcome is unknown (" + failure
          + "); retry with the same request id");
    }
    if (results.size() == 1 && count > 1) {
      return results.get(0); // an error for the whole entry (not leader, timeout)
    }
    if (results.size() != count) {
      return Results.error(ErrorCode.INTERNAL, "the batch of " + count + " writes was answered with "
          + results.size() + " results; retry with the same request id");
    }
    return results.get(i);
  }

  private record Pending(Command command, CompletableFuture<CommandResult> result) {}

  private record Proposed(List<Pending> taken, CompletableFuture<List<CommandResult>> answer) {}
}
