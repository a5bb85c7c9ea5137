package io.warden.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration syntax of the configuration: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String key, String text) throws ConfigException {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new ConfigException(key + "=" + text + " is not a duration such as 250ms, 10s, 5m or 1h");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
