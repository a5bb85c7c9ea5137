package io.warden.chaos.run;

import io.warden.chaos.check.CheckReport;
import io.warden.chaos.check.Checker;
import io.warden.chaos.history.Event;
import io.warden.chaos.history.History;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code warden-chaos check PATH}: checks a saved history again, e.g. with another recovery bound,
 * or one whose run ended before its own check. PATH is a merged history file, or a run folder
 * (its {@code history.jsonl}, else the per-process files in {@code history/}).
 */
public final class SavedRunCheck {
  private SavedRunCheck() {}

  /** Prints the findings and the JSON result line; returns 0 without anomalies, else 1. */
  public static int check(Path path, Duration recoveryBound, PrintStream out) {
    Path history = path;
    List<Event> events;
    if (Files.isDirectory(path)) {
      history = path.resolve("history.jsonl");
      if (!Files.exists(history)) {
        try (Stream<Path> files = Files.list(path.resolve("history"))) {
          events = History.merge(files.filter(p -> p.toString().endsWith(".jsonl")).sorted()
              .toList());
        } catch (IOException e) {
          throw new UncheckedIOException("no history.jsonl nor history/ in " + path, e);
        }
        History.write(history, events);
      } else {
        events = History.read(history);
      }
    } else {
      events = History.read(path);
    }
    if (events.isEmpty()) {
      out.println("warden-chaos: " + history + " holds no events");
      return 3;
    }
    CheckReport report = new Checker(recoveryBound).check(events);
    Long seed = events.stream()
        .filter(e -> "nemesis".equals(e.proc()) && "start".equals(e.f()) && e.detail() != null
            && e.detail().startsWith("seed "))
        .map(e -> Long.parseLong(e.detail().substring(5).trim())).findFirst().orElse(null);
    out.println("warden-chaos check of " + history + (seed == null ? "" : " (seed " + seed + ")"));
    Summary.reportLines(report, recoveryBound).forEach(out::println);
    out.println(Summary.json(seed, history, report).toString());
    return report.anomalies().isEmpty() ? 0 : 1;
  }
}
