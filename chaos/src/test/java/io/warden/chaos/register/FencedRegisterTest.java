package io.warden.chaos.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.chaos.history.Event;
import io.warden.chaos.history.History;
import io.warden.chaos.history.HistoryWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FencedRegisterTest {
  @TempDir Path dir;

  @Test
  void acceptsTokensThatDoNotGoBackAndRecordsEveryDecisionWithItsTime() throws Exception {
    Path file = dir.resolve("register.jsonl");
    try (HistoryWriter history = new HistoryWriter(file);
        FencedRegister register = new FencedRegister(dir.resolve("r.sock"), history);
        RegisterClient client = new RegisterClient(register.socket())) {
      long before = System.nanoTime();
      RegisterMessage first = client.write("c1", 1, "L0", 10);
      RegisterMessage again = client.write("c1", 2, "L0", 10);
      RegisterMessage newer = client.write("c2", 1, "L0", 12);
      RegisterMessage stale = client.write("c1", 3, "L0", 10);
      RegisterMessage otherLock = client.write("c1", 4, "L1", 5);
      long after = System.nanoTime();

      assertThat(List.of(first, again, newer, stale, otherLock))
          .extracting(RegisterMessage::accepted).containsExactly(true, true, true, false, true);
      assertThat(stale.highest()).isEqualTo(12);
      assertThat(first.t()).isBetween(before, after);
    }

    List<Event> events = History.read(file);
    assertThat(events).extracting(Event::type)
        .containsExactly("ok", "ok", "ok", "fail", "ok");
    assertThat(events.get(3)).extracting(Event::client, Event::clientOp, Event::token,
        Event::highest).containsExactly("c1", 3L, 10L, 12L);
  }

  @Test
  void notesTellWhoHoldsWhat() throws Exception {
    try (HistoryWriter history = new HistoryWriter(dir.resolve("register.jsonl"));
        FencedRegister register = new FencedRegister(dir.resolve("r.sock"), history);
        RegisterClient client = new RegisterClient(register.socket())) {
      client.hold("c1", "L0", 10);
      assertThat(register.holds()).containsOnlyKeys("c1");
      assertThat(register.lastGrantNanos("L0")).isPresent();

      client.free("c1", "L0", 10);
      assertThat(register.holds()).isEmpty();
    }
  }
}
