package io.warden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code warden-bench}: runs the workloads named by {@code --workload} one after the other against
 * one Warden cluster and prints one JSON line per run (also appended to {@code --results}). The
 * lock workloads follow {@code ../shared/peers/WORKLOADS.md} exactly; {@code sessions}, {@code
 * session-create}, {@code ownership}, {@code rebalance} and {@code fsync} are Warden's own
 * (BENCHMARKS.md). {@code --compare} then runs the lock workloads on etcd and ZooKeeper too and
 * prints one table. {@code bin/warden-bench} starts and stops a local quorum around it unless
 * {@code --endpoints} is given.
 */
@Command(
    name = "warden-bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Lock and session benchmarks against a Warden cluster (see BENCHMARKS.md).")
public final class WardenBench implements Callable<Integer> {
  static final List<String> WORKLOADS = List.of("uncontended", "contended", "failover", "sessions",
      "session-create", "ownership", "rebalance", "fsync");

  @Option(names = {"--workload", "--workloads"}, split = ",",
      description = "uncontended, contended, failover, sessions, session-create, ownership, rebalance, fsync;"
          + " a comma list runs them in turn on one cluster (--compare: default uncontended,contended,failover)")
  List<String> workloads;

  @Option(names = "--compare",
      description = "after Warden, run the same lock workloads with the same settings on etcd and ZooKeeper"
          + " (where installed) through the peers' scripts, and print one table with the ratios")
  boolean compare;

  @Option(names = "--peers-dir",
      description = "--compare: the peers' folder with bin/peer-bench (default <warden home>/../shared/peers)")
  Path peersDir;

  @Option(names = "--clients", description = "worker threads C (default 16; failover 8)")
  Integer clients;

  @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "20s",
      description = "measured window D (default ${DEFAULT-VALUE}); failover: --kill-at + --after-kill")
  Duration duration;

  @Option(names = "--warmup", converter = DurationConverter.class, defaultValue = "5s",
      description = "warm-up W before the window (default ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(names = "--kill-at", converter = DurationConverter.class, defaultValue = "10s",
      description = "failover: SIGKILL the leader this long into the window (default ${DEFAULT-VALUE})")
  Duration killAt;

  @Option(names = "--after-kill", converter = DurationConverter.class, defaultValue = "20s",
      description = "failover: window length after the kill (default ${DEFAULT-VALUE})")
  Duration afterKill;

  @Option(names = "--prime", converter = DurationConverter.class,
      description = "unrecorded uncontended load first, to warm the servers' JIT as run-all does"
          + " (default 30s when bin/warden-bench started the quorum, else 0)")
  Duration prime;

  @Option(names = "--endpoints", description = "client endpoints host:port,... (default: the local quorum's)")
  String endpoints;

  @Option(names = "--conn", defaultValue = "shared",
      description = "shared: all threads use one WardenClient (one connection per server); per-thread: one each")
  String conn;

  @Option(names = "--op-timeout-ms", defaultValue = "30000",
      description = "per-call deadline: the client's request timeout and acquire's timeout (default ${DEFAULT-VALUE}; at most 60000)")
  long opTimeoutMs;

  @Option(names = "--session-timeout-ms", defaultValue = "10000", description = "session TTL (default ${DEFAULT-VALUE})")
  long sessionTimeoutMs;

  @Option(names = "--sessions", split = ",", defaultValue = "1000,10000,100000",
      description = "sessions workload: the N values, one run each (default ${DEFAULT-VALUE})")
  List<Integer> sessionCounts;

  @Option(names = "--create-concurrency", defaultValue = "64",
      description = "sessions workload: creates in flight while setting up (default ${DEFAULT-VALUE})")
  int createConcurrency;

  @Option(names = "--session-clients", defaultValue = "1",
      description = "sessions workload: WardenClients the sessions are spread over (default ${DEFAULT-VALUE}, the"
          + " workload as defined; more is a diagnostic variant)")
  int sessionClients;

  @Option(names = "--members", defaultValue = "3",
      description = "ownership, rebalance: data nodes in the steady ring (default ${DEFAULT-VALUE})")
  int members;

  @Option(names = "--lookup-threads",
      description = "ownership: threads sharing one ring view for local lookups (default: the number of cores)")
  Integer lookupThreads;

  @Option(names = "--rounds", defaultValue = "3",
      description = "rebalance: join + leave rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--fsync-iterations", defaultValue = "200",
      description = "fsync, contended: 4 KiB write + fdatasync pairs timed (default ${DEFAULT-VALUE})")
  int fsyncIterations;

  @Option(names = "--fsync-dir",
      description = "fsync, contended: where to probe the disk (default: the quorum's data dir, WARDEN_DATA)")
  Path fsyncDir;

  @Option(names = "--label", defaultValue = "", description = "text copied into each result line")
  String label;

  @Option(names = "--results", description = "append the lines here (default <warden home>/bench/results/results.jsonl; '' for none)")
  String results;

  @Option(names = "--warden-home", hidden = true, defaultValue = ".")
  Path wardenHome;

  @Option(names = "--conf-dir", hidden = true, description = "the quorum's node*.properties")
  Path confDir;

  @Option(names = "--data-dir", hidden = true, description = "WARDEN_DATA: where the pid files are")
  Path dataDir;

  @Option(names = "--own-quorum", hidden = true, description = "set by bin/warden-bench when it started the quorum")
  boolean ownQuorum;

  public static void main(String[] args) {
    int rc = new CommandLine(new WardenBench()).execute(args);
    System.exit(rc); // the client libraries' threads are daemons, but be sure
  }

  @Override
  public Integer call() throws Exception {
    List<String> run = workloadsToRun();
    Path home = wardenHome.toAbsolutePath().normalize();
    Path conf = confDir != null ? confDir : home.resolve("conf/quorum");
    Path data = dataDir != null ? dataDir
        : Path.of(System.getenv().getOrDefault("WARDEN_DATA", home.resolve("data").toString()));
    LocalQuorum quorum = LocalQuorum.load(home, conf, data);
    String eps = endpoints != null ? endpoints : quorum.endpoints();
    if (eps.isEmpty()) {
      throw new IllegalArgumentException("no endpoints: give --endpoints or a conf dir with node*.properties");
    }
    Path out = results == null ? home.resolve("bench/results/results.jsonl")
        : results.isEmpty() ? null : Path.of(results);
    String runLabel = compare && label.isEmpty()
        ? "compare-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        : label;
    RunSettings base = new RunSettings(16, warmup, duration, Duration.ofMillis(opTimeoutMs),
        Duration.ofMillis(sessionTimeoutMs), Connections.Mode.parse(conn), eps, runLabel);
    Duration primeFor = prime != null ? prime : ownQuorum ? Duration.ofSeconds(30) : Duration.ZERO;
    // Checked before anything runs: a --compare whose windows the peers cannot take fails at once.
    List<String> peerArgs = compare ? Comparison.peerArgs(clients, warmup, duration, killAt, afterKill,
        opTimeoutMs, sessionTimeoutMs, runLabel, out) : List.of();
    if (compare) {
      Comparison.wholeSeconds("--prime", primeFor);
    }

    if (!primeFor.isZero() && run.stream().anyMatch(w -> !w.equals("fsync"))) {
      prime(base, quorum, primeFor);
    }
    List<ResultLine> lines = new ArrayList<>();
    int failures = 0;
    for (String w : run) {
      try {
        runWorkload(w, base, quorum, data, line -> {
          System.out.println(line.toJson());
          System.out.flush();
          if (out != null) {
            line.appendTo(out);
          }
          lines.add(line);
        });
      } catch (Exception e) {
        failures++;
        System.err.println("[warden-bench] " + w + " failed: " + e);
        e.printStackTrace();
      }
    }
    if (compare) {
      if (ownQuorum) {
        // The peers get the machine to themselves, as Warden had it.
        System.err.println("[warden-bench] compare: stopping Warden's quorum: " + quorum.stop().replace('\n', ' '));
      }
      Path peers = peersDir != null ? peersDir : home.resolveSibling("shared").resolve("peers");
      Path log = Path.of(System.getenv().getOrDefault("PEERS_DIR", "/tmp/peers"), runLabel + ".log");
      Duration perCall = primeFor.plus(warmup).plus(duration).plus(killAt).plus(afterKill).plusMinutes(5);
      PeerRunner runner = new PeerRunner(peers, log, peerArgs, perCall);
      System.out.println();
      System.out.print(new Comparison(runner, primeFor, run).run(lines));
      System.out.flush();
    }
    return failures == 0 ? 0 : 1;
  }

  /** The workloads named, checked; {@code --compare} takes only the peers' lock workloads. */
  private List<String> workloadsToRun() {
    CommandLine cmd = new CommandLine(this);
    if (workloads == null || workloads.isEmpty()) {
      if (!compare) {
        throw new CommandLine.ParameterException(cmd, "--workload is required (or --compare)");
      }
      return Comparison.WORKLOADS;
    }
    List<String> allowed = compare ? Comparison.WORKLOADS : WORKLOADS;
    for (String w : workloads) {
      if (!allowed.contains(w)) {
        throw new CommandLine.ParameterException(cmd, "unknown workload " + w
            + (compare ? " for --compare" : "") + " (one of " + String.join(", ", allowed) + ")");
      }
    }
    return workloads;
  }

  /** Runs one workload, handing each result line to {@code done} as soon as it exists. */
  private void runWorkload(String workload, RunSettings base, LocalQuorum quorum, Path data,
                           Consumer<ResultLine> done) throws Exception {
    if (workload.equals("sessions")) {
      for (int n : sessionCounts) {
        try (Connections c = new Connections(base.endpoints(), base.opTimeout(), Connections.Mode.SHARED)) {
          done.accept(new SessionsWorkload(base, c, quorum, createConcurrency, sessionClients).run(n));
        }
      }
      return;
    }
    if (workload.equals("fsync")) {
      Path dir = probeDir(data);
      done.accept(FsyncProbe.run(dir, fsyncIterations).line(base, dir));
      return;
    }
    boolean failover = workload.equals("failover");
    RunSettings s = base.with(clients != null ? clients : failover ? 8 : 16,
        failover ? killAt.plus(afterKill) : duration);
    try (Connections c = new Connections(s.endpoints(), s.opTimeout(), s.conn())) {
      switch (workload) {
        case "uncontended" -> done.accept(new UncontendedWorkload(s, c, quorum::serverPids).run());
        case "contended" -> done.accept(new ContendedWorkload(s, c, quorum::serverPids, diskProbe(data)).run());
        case "failover" -> done.accept(new FailoverWorkload(s, c, quorum, killAt).run());
        case "ownership" -> done.accept(new OwnershipWorkload(s, c, quorum::serverPids, members,
            lookupThreads != null ? lookupThreads : Runtime.getRuntime().availableProcessors()).run());
        case "rebalance" -> new RebalanceWorkload(s, c, members, rounds).run().forEach(done);
        default -> done.accept(new SessionCreateWorkload(s, c, quorum::serverPids).run());
      }
    }
  }

  private Path probeDir(Path data) {
    return fsyncDir != null ? fsyncDir : data;
  }

  /** The fdatasync probe for the contended line, or {@code null} (said once) if there is no data dir here. */
  private FsyncProbe diskProbe(Path data) throws java.io.IOException {
    Path dir = probeDir(data);
    if (!Files.isDirectory(dir)) {
      System.err.println("[warden-bench] contended: no fdatasync probe: " + dir + " is not a directory (--fsync-dir)");
      return null;
    }
    FsyncProbe probe = FsyncProbe.run(dir, fsyncIterations);
    System.err.printf(Locale.ROOT, "[warden-bench] fdatasync in %s: p50 %.3f ms, limit %.0f/s%n", dir,
        probe.p50Nanos() / 1e6, probe.limitPerSecond());
    return probe;
  }

  /** Unrecorded uncontended load (16 threads), as run-all's priming step. */
  private void prime(RunSettings base, LocalQuorum quorum, Duration length) throws Exception {
    RunSettings s = new RunSettings(16, Duration.ZERO, length, base.opTimeout(), base.sessionTtl(),
        base.conn(), base.endpoints(), base.label());
    try (Connections c = new Connections(s.endpoints(), s.opTimeout(), s.conn())) {
      ResultLine line = new UncontendedWorkload(s, c, quorum::serverPids).run();
      System.err.println("[warden-bench] primed " + RunSettings.seconds(length) + " s: "
          + line.get("cycles_per_s") + " cycles/s (not recorded)");
    }
  }
}
