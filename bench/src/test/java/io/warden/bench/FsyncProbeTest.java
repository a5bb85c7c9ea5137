package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsyncProbeTest {
  @TempDir Path dir;

  @Test
  void measuresRealFdatasyncsAndLeavesNoFileBehind() throws Exception {
    FsyncProbe probe = FsyncProbe.run(dir, 20);

    assertThat(probe.iterations()).isEqualTo(20);
    assertThat(probe.p50Nanos()).isPositive().isLessThanOrEqualTo(probe.p99Nanos());
    assertThat(probe.p99Nanos()).isLessThanOrEqualTo(probe.maxNanos());
    assertThat(probe.limitPerSecond()).isEqualTo(1e9 / probe.p50Nanos());
    assertThat(probe.fileSystem()).isNotEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void theLineCarriesTheLimitAsTheContendedLineDoes() {
    FsyncProbe probe = new FsyncProbe(10, 2_000_000, 5_000_000, 9_000_000, "ext4");
    RunSettings settings = new RunSettings(16, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(10), Connections.Mode.SHARED, "", "t");
    ResultLine line = probe.line(settings, dir);

    assertThat(line.get("workload")).isEqualTo("fsync");
    assertThat(line.number("fdatasync_p50_ms")).isEqualTo(2.0);
    assertThat(line.number("fdatasync_p99_ms")).isEqualTo(5.0);
    assertThat(line.number("disk_limit_per_s")).isEqualTo(500.0);
    assertThat(line.get("label")).isEqualTo("t");
  }

  @Test
  void refusesZeroIterations() {
    assertThatThrownBy(() -> FsyncProbe.run(dir, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
