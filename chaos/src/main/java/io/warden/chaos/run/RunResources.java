package io.warden.chaos.run;

import io.warden.chaos.net.Command;
import io.warden.chaos.net.TestNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a run created outside its own JVM, and its removal. While the run lives, a marker file
 * {@code <markers>/<runId>} holds the harness's pid and start time; every namespace it creates is
 * named {@code wc-<runId>-...}. {@link #cleanup()} stops the processes (by pid: those started,
 * then any left inside the run's namespaces) and deletes the namespaces, which takes their
 * interfaces and iptables rules along. It runs in a finally block and from a shutdown hook
 * (SIGINT, SIGTERM); for a harness that was SIGKILLed, {@link #sweepStale} at the start of the
 * next run (or {@code warden-chaos cleanup}) removes namespaces whose marker is gone or whose
 * harness is dead.
 */
public final class RunResources {
  private final String runId;
  private final TestNetwork network;
  private final Path marker;
  private final List<Runnable> stoppers = new ArrayList<>();
  private final Thread hook;
  private boolean cleaned;
  private volatile boolean interrupted;

  RunResources(String runId, TestNetwork network) {
    this.runId = runId;
    this.network = network;
    this.marker = markerDir().resolve(runId);
    try {
      Files.createDirectories(marker.getParent());
      ProcessHandle self = ProcessHandle.current();
      Files.writeString(marker, self.pid() + " " + startMillis(self).orElse(0L) + "\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the run marker " + marker + ": " + e, e);
    }
    this.hook = new Thread(() -> {
      interrupted = true;
      if (cleanup()) {
        System.err.println("warden-chaos: interrupted; run " + runId
            + " cleaned up (processes stopped, namespaces removed)");
      }
    }, "warden-chaos-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Registers something to stop at cleanup, before the namespaces go (run in reverse order). */
  synchronized void onCleanup(Runnable stopper) {
    stoppers.add(stopper);
  }

  /**
   * Stops everything and removes the namespaces. Idempotent; true the first time. Never throws:
   * problems are printed to stderr.
   */
  public boolean cleanup() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cleaned) {
        return false;
      }
      cleaned = true;
      toRun = new ArrayList<>(stoppers);
    }
    for (int i = toRun.size() - 1; i >= 0; i--) {
      try {
        toRun.get(i).run();
      } catch (RuntimeException e) {
        System.err.println("warden-chaos: cleanup step failed: " + e);
      }
    }
    for (String ns : network.namespaces()) {
      killInside(ns);
    }
    List<String> failed = network.remove();
    if (!failed.isEmpty()) {
      System.err.println("warden-chaos: could not delete namespaces " + failed
          + "; `bin/warden-chaos cleanup` retries");
    } else {
      try {
        Files.deleteIfExists(marker);
      } catch (IOException e) {
        System.err.println("warden-chaos: could not delete " + marker + ": " + e);
      }
    }
    return true;
  }

  /** Removes the shutdown hook once cleaned up normally. */
  void release() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down already: the hook has run or runs now
    }
  }

  String runId() {
    return runId;
  }

  /** Whether the JVM is shutting down (SIGINT, SIGTERM) and the hook has cleaned up. */
  boolean interrupted() {
    return interrupted;
  }

  /** SIGKILL every process inside {@code ns} (processes of this run: nothing else lives there). */
  static void killInside(String ns) {
    Command.Result pids = Command.tryRun("ip", "netns", "pids", ns);
    if (!pids.ok()) {
      return;
    }
    for (String pid : pids.stdout().split("\\s+")) {
      if (!pid.isBlank()) {
        Command.tryRun("kill", "-KILL", pid.strip());
      }
    }
  }

  /**
   * Removes the namespaces of runs whose harness is gone: no marker, or the marker's process is
   * dead or another (pid reused). Returns a line per run removed.
   */
  public static List<String> sweepStale(Consumer<String> log) {
    Map<String, List<String>> byRun = new LinkedHashMap<>();
    for (String ns : TestNetwork.listNamespaces()) {
      if (!ns.startsWith(TestNetwork.PREFIX) || ns.startsWith(TestNetwork.PREFIX + "probe-")) {
        continue;
      }
      String rest = ns.substring(TestNetwork.PREFIX.length());
      int dash = rest.indexOf('-');
      if (dash <= 0) {
        continue;
      }
      byRun.computeIfAbsent(rest.substring(0, dash), k -> new ArrayList<>()).add(ns);
    }
    List<String> removed = new ArrayList<>();
    byRun.forEach((runId, namespaces) -> {
      if (alive(runId)) {
        return;
      }
      // Hosts before the bridge, so veth pairs go with their host.
      namespaces.sort((x, y) -> Boolean.compare(x.endsWith("-br"), y.endsWith("-br")));
      namespaces.forEach(RunResources::killInside);
      namespaces.forEach(ns -> Command.tryRun("ip", "netns", "del", ns));
      try {
        Files.deleteIfExists(markerDir().resolve(runId));
      } catch (IOException e) {
        // left behind; harmless
      }
      String line = "removed " + namespaces.size() + " namespaces of stale run " + runId;
      log.accept(line);
      removed.add(line);
    });
    return removed;
  }

  /** Whether the harness of {@code runId} is still running. */
  private static boolean alive(String runId) {
    Path file = markerDir().resolve(runId);
    try {
      String[] parts = Files.readString(file).trim().split("\\s+");
      long pid = Long.parseLong(parts[0]);
      long start = Long.parseLong(parts[1]);
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      return handle.isPresent() && handle.get().isAlive()
          && startMillis(handle.get()).orElse(0L) == start;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Optional<Long> startMillis(ProcessHandle process) {
    return process.info().startInstant().map(java.time.Instant::toEpochMilli);
  }

  /** {@code /run/warden-chaos} (root's runtime dir: gone at reboot, as the namespaces are). */
  static Path markerDir() {
    return Path.of("/run/warden-chaos");
  }
}
