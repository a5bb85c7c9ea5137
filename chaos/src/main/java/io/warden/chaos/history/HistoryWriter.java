package io.warden.chaos.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends events to one process's history file, one JSON line each, flushed at once so that what
 * a process recorded survives it being killed. Thread-safe.
 */
public final class HistoryWriter implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedWriter out;

  public HistoryWriter(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void append(Event event) {
    try {
      out.write(JSON.writeValueAsString(event));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
