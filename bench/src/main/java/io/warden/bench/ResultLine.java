package io.warden.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One run's result: a flat JSON object whose fields keep their insertion order, so a Warden line
 * reads like the peers' lines field for field. Printed on stdout and appended to the results file.
 */
public final class ResultLine {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> fields = new LinkedHashMap<>();

  /** Sets a field (a number, boolean, string or {@code null}); a later put replaces the value. */
  public ResultLine put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /** The value of a field, or {@code null}. */
  public Object get(String key) {
    return fields.get(key);
  }

  /** A numeric field's value, or {@code null} if the field is missing or not a number. */
  public Double number(String key) {
    return fields.get(key) instanceof Number n ? n.doubleValue() : null;
  }

  /** A line read back from its JSON text (one of ours, or a peer harness's). */
  public static ResultLine parse(String json) {
    try {
      ResultLine line = new ResultLine();
      JSON.readerForMapOf(Object.class).<Map<String, Object>>readValue(json).forEach(line::put);
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + json, e);
    }
  }

  /** Puts {@code <prefix>_p50_ms}, {@code _p99_ms} and (optionally) {@code _p999_ms}. */
  public ResultLine percentiles(String prefix, Histogram h, boolean withP999) {
    put(prefix + "_p50_ms", ms(h.getValueAtPercentile(50)));
    put(prefix + "_p99_ms", ms(h.getValueAtPercentile(99)));
    if (withP999) {
      put(prefix + "_p999_ms", ms(h.getValueAtPercentile(99.9)));
    }
    return this;
  }

  /** The one-line JSON text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a result field is not JSON-serialisable", e);
    }
  }

  /** Appends the JSON line to {@code file}, creating it and its folder if needed. */
  public void appendTo(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(file, toJson() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** Nanoseconds as milliseconds with 3 decimals, as the peers report them. */
  public static double ms(long nanos) {
    return round(nanos / 1e6, 3);
  }

  /** {@code v} rounded half-up to {@code digits} decimals. */
  public static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
