package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSampleTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void jitShareIsTheCompilerThreadsTicksOverTheInterval() {
    // Two servers over 2 s: 300 ticks in all, 100 of them in compiler threads.
    CpuSample a = new CpuSample(0, 1_000, Map.of(1L, 100L, 2L, 200L), Map.of(1L, 10L, 2L, 20L), 50);
    CpuSample b = new CpuSample(2 * SECOND, 1_400, Map.of(1L, 250L, 2L, 350L), Map.of(1L, 70L, 2L, 60L), 70);
    ResultLine line = new ResultLine();

    CpuSample.report(a, null, b, line);

    assertThat(line.number("cpu_servers")).isEqualTo(1.5);
    assertThat(line.number("cpu_servers_jit")).isEqualTo(0.5);
    assertThat(line.number("cpu_harness")).isEqualTo(0.1);
    assertThat(line.number("cpu_foreign")).isEqualTo(0.4);
  }

  @Test
  void aKilledServerCountsUntilTheKill() {
    CpuSample a = new CpuSample(0, 0, Map.of(1L, 100L, 2L, 100L), Map.of(1L, 0L, 2L, 0L), 0);
    CpuSample beforeKill = new CpuSample(SECOND, 0, Map.of(1L, 150L, 2L, 200L), Map.of(1L, 20L, 2L, 40L), 0);
    // Server 2 is gone at the end: its last reading is the one before the kill.
    CpuSample b = new CpuSample(2 * SECOND, 0, Map.of(1L, 200L), Map.of(1L, 40L), 0);
    ResultLine line = new ResultLine();

    CpuSample.report(a, beforeKill, b, line);

    assertThat(line.number("cpu_servers")).isEqualTo(1.0); // 100 + 100 ticks over 2 s
    assertThat(line.number("cpu_servers_jit")).isEqualTo(0.4); // 40 + 40 ticks over 2 s
  }

  @Test
  void compilerThreadsOfARealJvmArePartOfItsTicks() {
    long pid = ProcessHandle.current().pid();
    long jit = CpuSample.compilerTicks(pid);
    long all = CpuSample.processTicks(Long.toString(pid));

    assertThat(jit).isBetween(0L, all);
    assertThat(CpuSample.take(List.of(pid)).serverJitTicks()).containsKey(pid);
  }

  @Test
  void aProcessThatIsGoneHasNoCompilerTicks() {
    assertThat(CpuSample.compilerTicks(Long.MAX_VALUE)).isZero();
  }
}
