package io.warden.chaos;

import io.warden.chaos.nemesis.FaultKind;
import io.warden.chaos.net.NetnsSupport;
import io.warden.chaos.run.ChaosRun;
import io.warden.chaos.run.RunOptions;
import io.warden.chaos.run.RunResources;
import io.warden.chaos.run.RunResult;
import io.warden.chaos.workload.DataNodeWorker;
import io.warden.chaos.workload.LockWorker;
import io.warden.chaos.workload.Observer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code warden-chaos}: a fault-injection run against a three-node cluster in network namespaces,
 * then a check of the recorded history. Exit 0: no anomalies; 1: anomalies; 2: usage, or this
 * machine cannot run it (not root, no network namespaces); 3: the run could not be completed.
 */
@Command(name = "warden-chaos", mixinStandardHelpOptions = true, version = "warden-chaos 0.1",
    sortOptions = false,
    description = {
        "Runs three Warden servers, each in its own network namespace, with lock clients writing"
            + " to a fenced register and data nodes owning the ring's partitions; partitions,"
            + " kills, pauses and slows them at random from a seed; then checks the history: no"
            + " two holders or owners at once, tokens increasing, the register never going back,"
            + " reads of locks and of the ring agreeing with the history, and every lock"
            + " available again within a bound after each heal.",
        "Needs root (ip netns, iptables, tc). 'netem' faults are slow links (tbf rate limit) and"
            + " lossy links (iptables random drop): this kernel has no netem qdisc, so there are no"
            + " fixed delays and no reordering. Clock steps are not implemented.",
        "The last line printed is a JSON object: seed, ops, faults, anomalies, history."},
    subcommands = {ChaosMain.Check.class, ChaosMain.Cleanup.class, ChaosMain.Worker.class,
        ChaosMain.DataNodeCommand.class, ChaosMain.ObserverCommand.class})
public final class ChaosMain implements Callable<Integer> {

  @Option(names = "--duration", defaultValue = "2m", converter = DurationConverter.class,
      description = "How long to inject faults (default ${DEFAULT-VALUE}); setup and the final"
          + " checks add about a minute.")
  Duration duration;

  @Option(names = "--seed", description = "The seed of the fault schedule and the workload"
      + " (default: random, printed).")
  Long seed;

  @Option(names = "--faults", defaultValue = "partition,kill,pause,netem", split = ",",
      description = "Kinds of fault: partition, kill, pause, netem (default ${DEFAULT-VALUE})."
          + " clock is accepted but not implemented, and skipped with a note.")
  List<String> faults;

  @Option(names = "--clients", defaultValue = "4", description = "Lock clients (default"
      + " ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--locks", defaultValue = "3", description = "Lock names L0.. (default"
      + " ${DEFAULT-VALUE}).")
  int locks;

  @Option(names = "--data-nodes", defaultValue = "3", description = "Data nodes in the ring"
      + " (default ${DEFAULT-VALUE}; 0: no ownership workload).")
  int dataNodes;

  @Option(names = "--partitions", defaultValue = "32", description = "The ring's partition count"
      + " P (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--ttl", defaultValue = "3s", converter = DurationConverter.class,
      description = "The clients' session TTL (default ${DEFAULT-VALUE}).")
  Duration ttl;

  @Option(names = "--recovery-bound", defaultValue = "30s", converter = DurationConverter.class,
      description = "After each heal, every lock must be acquired again within this (default"
          + " ${DEFAULT-VALUE}).")
  Duration recoveryBound;

  @Option(names = "--work-dir", description = "Where the run's folder goes (default: the temp"
      + " dir).")
  Path workDir;

  @Option(names = "--keep-data", description = "Keep the servers' data and the copied jars.")
  boolean keepData;

  @Option(names = "--warden-home", hidden = true, description = "The Warden checkout.")
  Path wardenHome;

  public static void main(String[] args) {
    // bin/warden-chaos runs the harness from a private copy of its jars (so that a rebuild
    // cannot pull classes from under a long run); the copy goes when the JVM ends.
    String copy = System.getProperty("warden.chaos.jar.copy");
    if (copy != null) {
      deleteOnExit(Path.of(copy));
    }
    CommandLine cli = new CommandLine(new ChaosMain());
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() {
    List<FaultKind> kinds = new ArrayList<>();
    for (String f : faults) {
      String name = f.trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "clock" -> System.out.println("warden-chaos: 'clock' faults are not implemented;"
            + " skipped");
        case "" -> { }
        default -> {
          try {
            FaultKind kind = FaultKind.valueOf(name.toUpperCase(Locale.ROOT));
            if (!kinds.contains(kind)) {
              kinds.add(kind);
            }
          } catch (IllegalArgumentException e) {
            System.err.println("warden-chaos: unknown fault kind '" + f
                + "' (partition, kill, pause, netem)");
            return 2;
          }
        }
      }
    }
    if (kinds.isEmpty()) {
      System.err.println("warden-chaos: no fault kinds left to inject");
      return 2;
    }
    Optional<String> unsupported = NetnsSupport.unsupportedReason();
    if (unsupported.isPresent()) {
      System.err.println("warden-chaos: cannot run here: " + unsupported.get());
      return 2;
    }
    Path home = wardenHome != null ? wardenHome
        : Path.of(System.getProperty("warden.home", ".")).toAbsolutePath().normalize();
    RunOptions options = new RunOptions(home,
        workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")), duration,
        seed != null ? seed : new SecureRandom().nextLong() >>> 1, kinds, clients, locks,
        dataNodes, partitions, ttl, recoveryBound, keepData);
    RunResult result = new ChaosRun(options, System.out).run();
    return result.exitCode();
  }

  private static void deleteOnExit(Path dir) {
    // Files registered later are deleted first: the folder before its files would fail.
    dir.toFile().deleteOnExit();
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
      walk.skip(1).sorted().forEach(p -> p.toFile().deleteOnExit());
    } catch (java.io.IOException e) {
      // a temp folder left behind
    }
  }

  /** {@code warden-chaos check PATH}: checks a saved history again. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Checks a saved history again: a run folder or a history.jsonl.")
  static final class Check implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "PATH", description = "A run folder or a history file.")
    Path path;

    @Option(names = "--recovery-bound", defaultValue = "30s", converter = DurationConverter.class,
        description = "After each heal, every lock must be acquired again within this (default"
            + " ${DEFAULT-VALUE}).")
    Duration recoveryBound;

    @Override
    public Integer call() {
      return io.warden.chaos.run.SavedRunCheck.check(path, recoveryBound, System.out);
    }
  }

  /** {@code warden-chaos cleanup}: removes what runs killed before their own cleanup left. */
  @Command(name = "cleanup", mixinStandardHelpOptions = true,
      description = "Removes the namespaces (and the processes in them) of runs whose harness is no"
          + " longer running, e.g. after a SIGKILL. Runs also do this when they start.")
  static final class Cleanup implements Callable<Integer> {
    @Override
    public Integer call() {
      List<String> removed = RunResources.sweepStale(System.out::println);
      if (removed.isEmpty()) {
        System.out.println("nothing to clean up");
      }
      return 0;
    }
  }

  /** The lock worker, run by the harness inside a client namespace. */
  @Command(name = "worker", hidden = true)
  static final class Worker implements Callable<Integer> {
    @Option(names = "--id", required = true) String id;
    @Option(names = "--endpoints", required = true) String endpoints;
    @Option(names = "--locks", required = true, split = ",") List<String> locks;
    @Option(names = "--ttl", defaultValue = "3s", converter = DurationConverter.class)
    Duration ttl;
    @Option(names = "--acquire-timeout", defaultValue = "4s", converter = DurationConverter.class)
    Duration acquireTimeout;
    @Option(names = "--request-timeout", defaultValue = "5s", converter = DurationConverter.class)
    Duration requestTimeout;
    @Option(names = "--hold-min", defaultValue = "50ms", converter = DurationConverter.class)
    Duration holdMin;
    @Option(names = "--hold-max", defaultValue = "400ms", converter = DurationConverter.class)
    Duration holdMax;
    @Option(names = "--register", required = true) Path register;
    @Option(names = "--history", required = true) Path history;
    @Option(names = "--seed", defaultValue = "1") long seed;

    @Override
    public Integer call() {
      return LockWorker.run(new LockWorker.Settings(id, endpoints, locks, ttl, acquireTimeout,
          requestTimeout, holdMin, holdMax, register, history, seed));
    }
  }

  /** A data node, run by the harness inside its own namespace. */
  @Command(name = "data-node", hidden = true)
  static final class DataNodeCommand implements Callable<Integer> {
    @Option(names = "--id", required = true) String id;
    @Option(names = "--endpoints", required = true) String endpoints;
    @Option(names = "--address", required = true) String address;
    @Option(names = "--zone", defaultValue = "") String zone;
    @Option(names = "--ttl", defaultValue = "3s", converter = DurationConverter.class)
    Duration ttl;
    @Option(names = "--request-timeout", defaultValue = "5s", converter = DurationConverter.class)
    Duration requestTimeout;
    @Option(names = "--stay-min", defaultValue = "8s", converter = DurationConverter.class)
    Duration stayMin;
    @Option(names = "--stay-max", defaultValue = "25s", converter = DurationConverter.class)
    Duration stayMax;
    @Option(names = "--away-min", defaultValue = "1s", converter = DurationConverter.class)
    Duration awayMin;
    @Option(names = "--away-max", defaultValue = "4s", converter = DurationConverter.class)
    Duration awayMax;
    @Option(names = "--history", required = true) Path history;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--first-op", defaultValue = "1") long firstOp;

    @Override
    public Integer call() {
      return DataNodeWorker.run(new DataNodeWorker.Settings(id, endpoints, address, zone, ttl,
          requestTimeout, stayMin, stayMax, awayMin, awayMax, history, seed, firstOp));
    }
  }

  /** The observer, run by the harness inside its own namespace. */
  @Command(name = "observer", hidden = true)
  static final class ObserverCommand implements Callable<Integer> {
    @Option(names = "--nodes", required = true, split = ",",
        description = "id=host:port of each server") List<String> nodes;
    @Option(names = "--locks", required = true, split = ",") List<String> locks;
    @Option(names = "--history", required = true) Path history;

    @Override
    public Integer call() {
      Map<String, String> byId = new LinkedHashMap<>();
      for (String node : nodes) {
        int eq = node.indexOf('=');
        byId.put(node.substring(0, eq), node.substring(eq + 1));
      }
      return Observer.run(byId, locks, history);
    }
  }
}
