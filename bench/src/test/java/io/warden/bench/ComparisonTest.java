package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
  @TempDir Path dir;

  @Test
  void thePeersGetWardensSettingsInWholeSeconds() {
    List<String> args = Comparison.peerArgs(null, Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(20), 30000, 10000, "compare-x", Path.of("/r.jsonl"));
    assertThat(args).containsExactly("--warmup", "2", "--duration", "5", "--kill-at", "10", "--after-kill", "20",
        "--op-timeout-ms", "30000", "--session-timeout-ms", "10000", "--label", "compare-x", "--results", "/r.jsonl");
    assertThat(Comparison.peerArgs(8, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(20), 1, 1, "l", null)).startsWith("--clients", "8").endsWith("--results", "");
  }

  @Test
  void windowsThePeersCannotTakeAreRefused() {
    assertThatThrownBy(() -> Comparison.wholeSeconds("--duration", Duration.ofMillis(2500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--duration");
  }

  private Path script(String name, String body) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("peers/bin"));
    Path f = bin.resolve(name);
    Files.writeString(f, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    return f;
  }

  @Test
  void aPeerRunsThroughItsScriptsInRunAllsOrder() throws Exception {
    script("fake-cluster", "echo \"cluster $1\" >&2");
    // Prints a line like peer-bench's: the workload after --workload, the label after --label.
    script("peer-bench", "w=''; l=''; while (($#)); do case $1 in --workload) w=$2;; --label) l=$2;; esac; shift; done\n"
        + "echo 'some log line' >&2; echo \"{\\\"system\\\":\\\"fake\\\",\\\"workload\\\":\\\"$w\\\",\\\"label\\\":\\\"$l\\\"}\"");
    Path log = dir.resolve("logs/peers.log");
    PeerRunner runner = new PeerRunner(dir.resolve("peers"), log, List.of("--label", "L"), Duration.ofSeconds(30));
    PeerRunner.Peer fake = new PeerRunner.Peer("fake", "fake", "fake-cluster", List.of(dir.toString()));

    assertThat(runner.missing(fake)).isEmpty();
    List<ResultLine> lines = runner.run(fake, Duration.ofSeconds(1), List.of("uncontended", "contended"));

    assertThat(lines).extracting(l -> l.get("workload")).containsExactly("uncontended", "contended");
    assertThat(lines).allSatisfy(l -> assertThat(l.get("label")).isEqualTo("L"));
    List<String> calls = Files.readAllLines(log).stream().filter(l -> l.startsWith("$ ")).toList();
    assertThat(calls).hasSize(5);
    assertThat(calls.get(0)).endsWith("fake-cluster start");
    assertThat(calls.get(1)).contains("--workload uncontended --warmup 1 --duration 1 --results");
    assertThat(calls.get(4)).endsWith("fake-cluster stop");
    assertThat(Files.readString(log)).contains("some log line", "cluster stop");
  }

  @Test
  void aPeerThatIsNotInstalledIsSkippedWithAReason() throws Exception {
    script("peer-bench", "exit 0");
    script("fake-cluster", "exit 0");
    PeerRunner runner = new PeerRunner(dir.resolve("peers"), dir.resolve("log"), List.of(), Duration.ofSeconds(1));
    PeerRunner.Peer fake = new PeerRunner.Peer("fake", "fake", "fake-cluster", List.of(dir.resolve("nope").toString()));
    assertThat(runner.missing(fake)).hasValueSatisfying(why -> assertThat(why).startsWith("skipped: not installed"));
  }

  @Test
  void aPeerWithoutItsScriptsIsSkippedWithAReason() {
    PeerRunner runner = new PeerRunner(dir, dir.resolve("log"), List.of(), Duration.ofSeconds(1));
    for (PeerRunner.Peer peer : PeerRunner.PEERS) {
      assertThat(runner.missing(peer)).hasValueSatisfying(why -> assertThat(why).startsWith("skipped: no peers scripts"));
    }
  }
}
