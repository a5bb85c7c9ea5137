package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {
  @Test
  void bareNumbersAreSeconds() {
    assertThat(DurationConverter.parse("20")).isEqualTo(Duration.ofSeconds(20));
    assertThat(DurationConverter.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void unitsAreMillisecondsSecondsAndMinutes() {
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void anythingElseIsRefused() {
    assertThatThrownBy(() -> DurationConverter.parse("soon")).isInstanceOf(IllegalArgumentException.class);
  }
}
