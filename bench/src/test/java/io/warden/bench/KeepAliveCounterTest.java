package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeepAliveCounterTest {

  @Test
  void sessionsRenewedByOneRequestShareItsDeadlineAndCountAsOneRequest() {
    KeepAliveCounter c = new KeepAliveCounter(new long[] {10, 11, 12});
    c.counting(true);
    c.observe(new long[] {50, 50, 12});   // one request renewed sessions 0 and 1
    c.observe(new long[] {50, 50, 60});   // another renewed session 2
    assertThat(c.requests()).isEqualTo(2);
    assertThat(c.renewals()).isEqualTo(3);
  }

  @Test
  void movesOutsideTheWindowAreNotCounted() {
    KeepAliveCounter c = new KeepAliveCounter(new long[] {10, 10});
    c.observe(new long[] {20, 20});       // warm-up
    c.counting(true);
    c.observe(new long[] {20, 20});       // no move
    c.observe(new long[] {30, 30});
    c.counting(false);
    c.observe(new long[] {40, 40});       // after the window
    assertThat(c.requests()).isEqualTo(1);
    assertThat(c.renewals()).isEqualTo(2);
  }
}
