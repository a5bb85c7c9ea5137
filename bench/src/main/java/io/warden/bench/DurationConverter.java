package io.warden.bench;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/**
 * Parses {@code --duration}-style values: a number of seconds ({@code 20}, {@code 1.5}) or a
 * number with a unit ({@code 500ms}, {@code 20s}, {@code 2m}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** The duration {@code value} names. */
  public static Duration parse(String value) {
    Matcher m = FORM.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + value + "' (use e.g. 20, 20s, 500ms, 2m)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> n;
      case "m" -> n * 60_000;
      default -> n * 1000;
    };
    return Duration.ofMillis(Math.round(millis));
  }
}
