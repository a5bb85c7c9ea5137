package io.warden.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code warden-bench}: runs the workloads named by {@code --workload} one after the other against
 * one Warden cluster and prints one JSON line per run (also appended to {@code --results}). The
 * lock workloads follow {@code ../shared/peers/WORKLOADS.md} exactly; {@code sessions} and {@code
 * session-create} are Warden's own (BENCHMARKS.md). {@code bin/warden-bench} starts and stops a
 * local quorum around it unless {@code --endpoints} is given.
 */
@Command(
    name = "warden-bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Lock and session benchmarks against a Warden cluster (see BENCHMARKS.md).")
public final class WardenBench implements Callable<Integer> {
  static final List<String> WORKLOADS =
      List.of("uncontended", "contended", "failover", "sessions", "session-create");

  @Option(names = "--workload", required = true, split = ",",
      description = "uncontended, contended, failover, sessions, session-create; a comma list runs them in turn on one cluster")
  List<String> workloads;

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
    for (String w : workloads) {
      if (!WORKLOADS.contains(w)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown workload " + w
            + " (one of " + String.join(", ", WORKLOADS) + ")");
      }
    }
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
    RunSettings base = new RunSettings(16, warmup, duration, Duration.ofMillis(opTimeoutMs),
        Duration.ofMillis(sessionTimeoutMs), Connections.Mode.parse(conn), eps, label);

    Duration primeFor = prime != null ? prime : ownQuorum ? Duration.ofSeconds(30) : Duration.ZERO;
    if (!primeFor.isZero()) {
      prime(base, quorum, primeFor);
    }
    int failures = 0;
    for (String w : workloads) {
      try {
        runWorkload(w, base, quorum, line -> {
          System.out.println(line.toJson());
          System.out.flush();
          if (out != null) {
            line.appendTo(out);
          }
        });
      } catch (Exception e) {
        failures++;
        System.err.println("[warden-bench] " + w + " failed: " + e);
        e.printStackTrace();
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** Runs one workload, handing each result line to {@code done} as soon as it exists. */
  private void runWorkload(String workload, RunSettings base, LocalQuorum quorum, Consumer<ResultLine> done)
      throws Exception {
    if (workload.equals("sessions")) {
      for (int n : sessionCounts) {
        try (Connections c = new Connections(base.endpoints(), base.opTimeout(), Connections.Mode.SHARED)) {
          done.accept(new SessionsWorkload(base, c, quorum, createConcurrency, sessionClients).run(n));
        }
      }
      return;
    }
    boolean failover = workload.equals("failover");
    RunSettings s = base.with(clients != null ? clients : failover ? 8 : 16,
        failover ? killAt.plus(afterKill) : duration);
    try (Connections c = new Connections(s.endpoints(), s.opTimeout(), s.conn())) {
      done.accept(switch (workload) {
        case "uncontended" -> new UncontendedWorkload(s, c, quorum::serverPids).run();
        case "contended" -> new ContendedWorkload(s, c, quorum::serverPids).run();
        case "failover" -> new FailoverWorkload(s, c, quorum, killAt).run();
        default -> new SessionCreateWorkload(s, c, quorum::serverPids).run();
      });
    }
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
