package io.warden.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
  @TempDir Path dir;

  @Test
  void filesMergeInTimeOrderAndRoundTrip() {
    Event a = Event.at(30, "c1").type(Event.INVOKE).f("acquire").op(1).lock("L0").session(5)
        .build();
    Event b = Event.at(10, "c2").type(Event.OK).f("read").op(1)
        .holders(List.of(new Event.Holder("L0", 5, 12))).build();
    Event c = Event.at(20, "register").type(Event.FAIL).f("write").lock("L0").token(3)
        .client("c1").clientOp(4).highest(12).build();
    try (HistoryWriter w1 = new HistoryWriter(dir.resolve("c1.jsonl"));
        HistoryWriter w2 = new HistoryWriter(dir.resolve("c2.jsonl"))) {
      w1.append(a);
      w2.append(b);
      w2.append(c);
    }

    List<Event> merged = History.merge(List.of(dir.resolve("c1.jsonl"), dir.resolve("c2.jsonl")));

    assertThat(merged).containsExactly(b, c, a);
  }

  @Test
  void aLineCutShortAtTheEndIsSkippedAndFieldsNotKnownAreIgnored() throws IOException {
    Path file = dir.resolve("c1.jsonl");
    Files.writeString(file, "{\"t\":1,\"proc\":\"c1\",\"type\":\"ok\",\"f\":\"own\",\"partition\":7}\n"
        + "{\"t\":2,\"proc\":\"c1\",\"ty");

    List<Event> events = History.read(file);

    assertThat(events).singleElement().extracting(Event::f).isEqualTo("own");
  }

  @Test
  void absentFieldsAreLeftOutOfTheLine() throws IOException {
    Path file = dir.resolve("n.jsonl");
    try (HistoryWriter w = new HistoryWriter(file)) {
      w.append(Event.at(5, "nemesis").type(Event.INFO).f("heal").detail("x").build());
    }

    assertThat(Files.readString(file).strip())
        .isEqualTo("{\"t\":5,\"proc\":\"nemesis\",\"type\":\"info\",\"f\":\"heal\",\"detail\":\"x\"}");
  }
}
