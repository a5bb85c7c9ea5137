package io.warden.statemachine.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.command.Command;
import io.warden.protocol.command.SessionRecord;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.testing.Commands;
import io.warden.statemachine.testing.Replica;
import io.warden.statemachine.testing.StoreContents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random session logs (create / close / expire, valid and not), one per seed so that a failure
 * is reproduced by re-running its seed: replicas agree byte for byte, and the store holds
 * exactly the sessions a simple model says are live.
 */
class RandomSessionLogTest {
  private static final int MAX_ENTRIES = 25;

  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 25);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void replicasApplyingTheSameRandomLogHoldByteIdenticalStoresAndGiveTheSameOutcomes(long seed) {
    List<Command> log = randomLog(seed);
    try (Replica first = Replica.open(dir.resolve("first"));
         Replica second = Replica.open(dir.resolve("second"))) {
      List<Applied> firstOutcomes = applyAll(first, log);
      List<Applied> secondOutcomes = applyAll(second, log);

      assertThat(StoreContents.all(first.store())).as("store after %s", describe(log))
          .isEqualTo(StoreContents.all(second.store()));
      assertThat(firstOutcomes).as("outcomes of %s", describe(log)).isEqualTo(secondOutcomes);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void storeHoldsExactlyTheSessionsCreatedWithAPositiveTtlAndNotYetClosedOrExpired(long seed) {
    List<Command> log = randomLog(seed);
    try (Replica replica = Replica.open(dir.resolve("store"))) {
      applyAll(replica, log);

      assertThat(SessionTable.all(replica.store())).as("sessions after %s", describe(log))
          .extracting(SessionRecord::getId).containsExactlyElementsOf(liveSessions(log));
    }
  }

  /**
   * A log of 1 to {@value #MAX_ENTRIES} entries. A close or expire at index i names a session id
   * in 1..i: a live session, one already gone, or an index that never was a session.
   */
  private static List<Command> randomLog(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int length = 1 + random.nextInt(MAX_ENTRIES);
    List<Command> log = new ArrayList<>();
    for (long index = 1; index <= length; index++) {
      long sessionId = 1 + random.nextLong(index);
      log.add(switch (random.nextInt(3)) {
        case 0 -> Commands.createSession(random.nextLong(-2, 30_000), "owner-" + random.nextInt(5));
        case 1 -> Commands.closeSession(sessionId);
        default -> Commands.expireSession(sessionId);
      });
    }
    return log;
  }

  /** The model: a create with a positive TTL adds its index; a close or expire removes its target. */
  private static TreeSet<Long> liveSessions(List<Command> log) {
    TreeSet<Long> live = new TreeSet<>();
    for (int i = 0; i < log.size(); i++) {
      Command command = log.get(i);
      switch (command.getBodyCase()) {
        case CREATE_SESSION -> {
          if (command.getCreateSession().getTtlMillis() > 0) {
            live.add(i + 1L);
          }
        }
        case CLOSE_SESSION -> live.remove(command.getCloseSession().getSessionId());
        case EXPIRE_SESSION -> live.remove(command.getExpireSession().getSessionId());
        default -> throw new AssertionError("not generated: " + command.getBodyCase());
      }
    }
    return live;
  }

  private static List<Applied> applyAll(Replica replica, List<Command> log) {
    List<Applied> outcomes = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      outcomes.add(replica.apply(i + 1, log.get(i)));
    }
    return outcomes;
  }

  private static String describe(List<Command> log) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      Command command = log.get(i);
      entries.add((i + 1) + ":" + switch (command.getBodyCase()) {
        case CREATE_SESSION -> "create(ttl=" + command.getCreateSession().getTtlMillis() + ")";
        case CLOSE_SESSION -> "close(" + command.getCloseSession().getSessionId() + ")";
        case EXPIRE_SESSION -> "expire(" + command.getExpireSession().getSessionId() + ")";
        default -> command.getBodyCase().toString();
      });
    }
    return entries.toString();
  }
}
