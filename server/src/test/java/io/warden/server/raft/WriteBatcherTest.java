package io.warden.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.CreateSessionReply;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.CreateSession;
import io.warden.statemachine.apply.Results;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The batcher's own rules, with a proposer the test completes by hand: when a write goes at once,
 * when it waits and what it shares, and how answers find their writes. That many clients' writes
 * really share entries on a Raft cluster, and apply once when re-sent, is {@code BatchedWritesTest}.
 */
class WriteBatcherTest {
  final List<Proposal> proposals = new CopyOnWriteArrayList<>();

  WriteBatcher batcher(int maxInFlight) {
    return new WriteBatcher(maxInFlight, entry -> {
      Proposal proposal = new Proposal(entry, new CompletableFuture<>());
      proposals.add(proposal);
      return proposal.answer;
    });
  }

  @Test
  void aLoneWriteIsProposedAtOnceInAnEntryOfItsOwn() {
    WriteBatcher batcher = batcher(2);

    batcher.submit(session(1));

    assertThat(proposals).singleElement().satisfies(p -> assertThat(owners(p.entry)).containsExactly("1"));
  }

  @Test
  void writesArrivingWhileTheEntriesInFlightAreFullShareTheNextEntry() {
    WriteBatcher batcher = batcher(1);
    batcher.submit(session(1));
    batcher.submit(session(2));
    batcher.submit(session(3));
    assertThat(proposals).hasSize(1);
    assertThat(batcher.waiting()).isEqualTo(2);

    proposals.get(0).answerEach();

    assertThat(proposals).hasSize(2);
    assertThat(owners(proposals.get(1).entry)).containsExactly("2", "3");
    assertThat(batcher.waiting()).isZero();
  }

  @Test
  void upToMaxInFlightEntriesLeaveWithoutWaiting() {
    WriteBatcher batcher = batcher(2);

    batcher.submit(session(1));
    batcher.submit(session(2));
    batcher.submit(session(3));

    assertThat(proposals).extracting(p -> owners(p.entry)).containsExactly(List.of("1"), List.of("2"));
    assertThat(batcher.waiting()).isEqualTo(1);
  }

  @Test
  void eachWriteGetsTheResultInItsSlot() {
    List<CompletableFuture<CommandResult>> shared = twoWritesSharingTheSecondEntry();

    proposals.get(1).answerEach();

    assertThat(shared).extracting(f -> f.join().getCreateSession().getSessionId()).containsExactly(2L, 3L);
  }

  @Test
  void anErrorForTheWholeEntryAnswersEveryWriteInIt() {
    List<CompletableFuture<CommandResult>> shared = twoWritesSharingTheSecondEntry();

    proposals.get(1).answer.complete(List.of(Results.error(ErrorCode.NOT_LEADER, "not the leader")));

    assertThat(shared).allSatisfy(f -> assertThat(f.join().getError().getCode()).isEqualTo(ErrorCode.NOT_LEADER));
  }

  /** Writes 2 and 3 wait behind write 1's entry, which is then answered: they leave together. */
  private List<CompletableFuture<CommandResult>> twoWritesSharingTheSecondEntry() {
    WriteBatcher batcher = batcher(1);
    batcher.submit(session(1));
    List<CompletableFuture<CommandResult>> shared = List.of(batcher.submit(session(2)), batcher.submit(session(3)));
    proposals.get(0).answerEach();
    return shared;
  }

  @Test
  void aProposalThatFailsAnswersUnknownOutcomeAndTheNextEntryStillLeaves() {
    WriteBatcher batcher = batcher(1);
    CompletableFuture<CommandResult> first = batcher.submit(session(1));
    batcher.submit(session(2));

    proposals.get(0).answer.completeExceptionally(new IllegalStateException("boom"));

    assertThat(first.join().getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_OUTCOME);
    assertThat(proposals).hasSize(2);
  }

  @Test
  void noEntryCarriesMoreThan256Writes() {
    WriteBatcher batcher = batcher(1);
    IntStream.rangeClosed(1, 301).forEach(i -> batcher.submit(session(i)));

    proposals.get(0).answerEach();
    proposals.get(1).answerEach();

    assertThat(proposals).extracting(p -> p.entry.getBatch().getCommandsCount()).containsExactly(1, 256, 44);
  }

  @Test
  void entriesReachTheProposerInTheOrderTheirWritesArrived() throws Exception {
    ExecutorService answering = Executors.newFixedThreadPool(3);
    List<Command> entries = new CopyOnWriteArrayList<>();
    WriteBatcher batcher = new WriteBatcher(2, entry -> {
      entries.add(entry);
      return CompletableFuture.supplyAsync(() -> Collections.nCopies(entry.getBatch().getCommandsCount(), Results.none()), answering);
    });
    ExecutorService writers = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int writer = 0; writer < 4; writer++) {
      int base = writer * 10_000;
      // Each writer sends its next write once the previous one is queued, as one client connection does.
      done.add(writers.submit(() -> IntStream.range(base, base + 500).forEach(i -> batcher.submit(session(i)))));
    }
    for (Future<?> writer : done) {
      writer.get(30, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> batcher.waiting() == 0
        && entries.stream().mapToInt(e -> e.getBatch().getCommandsCount()).sum() == 2_000);
    writers.shutdownNow();
    answering.shutdownNow();

    List<Integer> order = entries.stream().flatMap(e -> owners(e).stream()).map(Integer::parseInt).toList();
    for (int writer = 0; writer < 4; writer++) {
      int base = writer * 10_000;
      assertThat(order.stream().filter(i -> i >= base && i < base + 500).toList()).as("writer %d", writer).isSorted();
    }
  }

  @Test
  void atLeastOneEntryMustBeAllowedInFlight() {
    assertThatThrownBy(() -> batcher(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
  }

  static Command session(int owner) {
    return Command.newBuilder().setCreateSession(CreateSession.newBuilder().setTtlMillis(5_000).setOwner(Integer.toString(owner))).build();
  }

  static List<String> owners(Command entry) {
    return entry.getBatch().getCommandsList().stream().map(c -> c.getCreateSession().getOwner()).toList();
  }

  /** One entry handed to the proposer, and the answer the test gives it. */
  record Proposal(Command entry, CompletableFuture<List<CommandResult>> answer) {
    /** Answers each write with a session id equal to its owner label. */
    void answerEach() {
      List<CommandResult> results = new ArrayList<>();
      for (Command command : entry.getBatch().getCommandsList()) {
        long id = Long.parseLong(command.getCreateSession().getOwner());
        results.add(CommandResult.newBuilder().setCreateSession(CreateSessionReply.newBuilder().setSessionId(id)).build());
      }
      answer.complete(results);
    }
  }
}
