package io.warden.chaos.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reading, merging and writing whole histories. */
public final class History {
  private static final ObjectMapper JSON = new ObjectMapper();

  private History() {}

  /**
   * The events of {@code file}. A last line cut short (a process killed while writing) is
   * skipped; any other line that is not an event is an error.
   */
  public static List<Event> read(Path file) {
    List<Event> events = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        events.add(JSON.readValue(line, Event.class));
      } catch (IOException e) {
        if (i < lines.size() - 1) {
          throw new IllegalStateException(file + ":" + (i + 1) + ": not a history event: " + line, e);
        }
      }
    }
    return events;
  }

  /**
   * The events of all {@code files} in time order. Events of one process keep their recorded order
   * (a process records in time order, so the sort is stable for it).
   */
  public static List<Event> merge(List<Path> files) {
    List<Event> all = new ArrayList<>();
    for (Path file : files) {
      if (Files.exists(file)) {
        all.addAll(read(file));
      }
    }
    all.sort(Comparator.comparingLong(Event::t));
    return all;
  }

  public static void write(Path file, List<Event> events) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Event event : events) {
        out.write(JSON.writeValueAsString(event));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
