package io.warden.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsTheUsualShortForms() {
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void rejectsAnythingElse() {
    assertThatThrownBy(() -> converter.convert("5 minutes"))
        .isInstanceOf(CommandLine.TypeConversionException.class);
    assertThatThrownBy(() -> converter.convert(""))
        .isInstanceOf(CommandLine.TypeConversionException.class);
  }
}
