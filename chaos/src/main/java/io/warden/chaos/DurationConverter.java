package io.warden.chaos;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses {@code 5m}, {@code 90s}, {@code 1m30s}, {@code 500ms}, {@code 2h} or ISO-8601. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase();
    if (v.startsWith("p")) {
      return Duration.parse(value.trim().toUpperCase());
    }
    Matcher m = PART.matcher(v);
    Duration total = Duration.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
      at = m.end();
    }
    if (at != v.length() || at == 0) {
      throw new CommandLine.TypeConversionException("not a duration: '" + value
          + "' (examples: 5m, 90s, 1m30s, 500ms)");
    }
    return total;
  }
}
