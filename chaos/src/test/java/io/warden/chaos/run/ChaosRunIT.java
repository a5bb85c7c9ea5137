package io.warden.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.warden.chaos.nemesis.FaultKind;
import io.warden.chaos.net.NetnsSupport;
import io.warden.chaos.net.TestNetwork;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The chaos runs of the default test suite, against three server processes in network namespaces
 * with lock clients and data nodes owning the ring's partitions: 80 s of every fault kind from a
 * random seed, and 120 s from a regression seed, each followed by the checker (about two and two
 * and a half minutes). Needs root and {@code ip netns}; without them both are reported as
 * skipped, with the reason. The random seed can be fixed with {@code -Dwarden.chaos.seed=N}; it is
 * printed (and in a failure message) so a failing run can be replayed with
 * {@code bin/warden-chaos --seed N --duration 80s}.
 */
class ChaosRunIT {
  private static final Path HOME =
      Path.of(System.getProperty("warden.home", "..")).toAbsolutePath().normalize();

  @Test
  void twoMinutesOfFaultsShowNoAnomalyAndLeaveNothingBehind() {
    long seed = Long.getLong("warden.chaos.seed", new SecureRandom().nextLong() >>> 1);
    Duration duration = Duration.ofSeconds(Long.getLong("warden.chaos.seconds", 80));
    Run run = run(seed, duration);

    run.assertCleanAndTidy();
    assertThat(run.result.report().faults().values().stream().mapToInt(Integer::intValue).sum())
        .as(run.context).isGreaterThanOrEqualTo(4);
    assertThat(run.result.report().count("acquire", "ok")).as(run.context).isGreaterThan(100);
    assertThat(run.result.report().reads()).as("linearizable reads checked").isGreaterThanOrEqualTo(4);
    assertThat(run.result.report().count("partition", "acquire")).as(run.context).isGreaterThan(20);
    assertThat(run.result.report().count("leave", "ok")).as("data nodes left and rejoined")
        .isGreaterThan(0);
    assertThat(run.result.report().ringReads()).as("linearizable ring reads checked")
        .isGreaterThanOrEqualTo(2);
  }

  /**
   * Regression, seed 20261127: in a 5-minute run a server deposed by a one-way partition (healed
   * at 113 s) re-sent old partition grants to a data node, which served five partitions alongside
   * their new owners for up to 22 ms (fixed in 986ca86: resume needs a confirmed leader, clients
   * refuse older grants). The schedule is drawn in order from the seed, so 120 s replay the same
   * faults up to and including that partition.
   */
  @Test
  void seed20261127ReplaysWithoutDoubleOwnership() {
    Run run = run(20261127L, Duration.ofSeconds(120));

    run.assertCleanAndTidy();
    assertThat(run.result.report().count("partition", "acquire")).as(run.context).isGreaterThan(20);
  }

  private static Run run(long seed, Duration duration) {
    Optional<String> unsupported = NetnsSupport.unsupportedReason();
    assumeTrue(unsupported.isEmpty(),
        () -> "fault injection cannot run here: " + unsupported.orElse(""));
    RunOptions options = new RunOptions(HOME, HOME.resolve("chaos/target/chaos-runs"), duration,
        seed, List.of(FaultKind.values()), 4, 3, 3, 32, Duration.ofSeconds(3), Duration.ofSeconds(30),
        false);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new Tee(System.out, captured), true, StandardCharsets.UTF_8);
    RunResult result = new ChaosRun(options, out).run();
    String printed = captured.toString(StandardCharsets.UTF_8);
    return new Run(seed, result, printed, "seed " + seed + "\n" + printed);
  }

  /** One finished run, with what it printed. */
  private record Run(long seed, RunResult result, String printed, String context) {
    void assertCleanAndTidy() {
      String[] lines = printed.strip().split("\n");
      assertThat(result.error()).as(context).isNull();
      assertThat(result.report().anomalies()).as(context).isEmpty();
      assertThat(result.exitCode()).isZero();
      assertThat(lines[lines.length - 1]).as("the last line is the JSON result")
          .startsWith("{\"seed\":" + seed + ",").contains("\"anomalies\":0");
      assertThat(TestNetwork.listNamespaces()).as("namespaces left behind")
          .noneMatch(ns -> ns.startsWith(TestNetwork.PREFIX + result.runId()));
      assertThat(ProcessHandle.allProcesses()
          .filter(p -> p.info().commandLine().orElse("").contains(result.runDir().toString())))
          .as("processes left behind").isEmpty();
    }
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
