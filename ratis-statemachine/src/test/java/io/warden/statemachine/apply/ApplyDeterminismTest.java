package io.warden.statemachine.apply;

import static io.warden.statemachine.testing.Commands.closeSession;
import static io.warden.statemachine.testing.Commands.createSession;
import static io.warden.statemachine.testing.Commands.expireSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.command.Command;
import io.warden.statemachine.testing.Commands;
import io.warden.statemachine.testing.Replica;
import io.warden.statemachine.testing.StoreContents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN §4: every replica that applies the same log reaches the same bytes. */
class ApplyDeterminismTest {
  private static final List<Command> LOG = List.of(
      createSession(5_000, "a"),
      createSession(10_000, "b"),
      closeSession(1),
      createSession(0, "rejected"),
      expireSession(2),
      expireSession(2),
      closeSession(77),
      Commands.marker(),
      createSession(1, "c"),
      Command.getDefaultInstance());

  @TempDir Path dir;

  @Test
  void sameCommandsAppliedToTwoFreshStoresGiveByteIdenticalContent() {
    try (Replica first = Replica.open(dir.resolve("first"));
         Replica second = Replica.open(dir.resolve("second"))) {
      applyAll(first);
      applyAll(second);

      assertThat(StoreContents.all(first.store()))
          .isEqualTo(StoreContents.all(second.store()))
          .anyMatch(line -> line.startsWith("sessions "));
    }
  }

  @Test
  void sameCommandsAppliedToTwoFreshStoresGiveTheSameResultsAndEvents() {
    try (Replica first = Replica.open(dir.resolve("first"));
         Replica second = Replica.open(dir.resolve("second"))) {
      assertThat(applyAll(first)).isEqualTo(applyAll(second));
    }
  }

  private static List<Applied> applyAll(Replica replica) {
    List<Applied> outcomes = new ArrayList<>();
    for (Command command : LOG) {
      outcomes.add(replica.applyNext(command));
    }
    return outcomes;
  }
}
