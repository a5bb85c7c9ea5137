package io.warden.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.chaos.check.CheckReport;
import io.warden.chaos.check.Checker;
import io.warden.chaos.cluster.ChaosCluster;
import io.warden.chaos.cluster.NamespacedJvm;
import io.warden.chaos.history.Event;
import io.warden.chaos.history.History;
import io.warden.chaos.history.HistoryWriter;
import io.warden.chaos.nemesis.FaultSchedule;
import io.warden.chaos.nemesis.Nemesis;
import io.warden.chaos.nemesis.PlannedFault;
import io.warden.chaos.net.Firewall;
import io.warden.chaos.net.Host;
import io.warden.chaos.net.LinkShaper;
import io.warden.chaos.net.TestNetwork;
import io.warden.chaos.register.FencedRegister;
import io.warden.chaos.workload.ControlChannel;
import io.warden.chaos.workload.DataNodes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One chaos run: builds the test network and the cluster, starts the observer and the workers,
 * injects faults for the duration, heals, lets the cluster recover, reads the locks, stops the
 * workers, reads again, removes everything it created, then checks the merged history and
 * reports. Prints its progress and a human summary; the last line it prints is the JSON result.
 */
public final class ChaosRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START_TIMEOUT_MS = 120_000;

  private final RunOptions options;
  private final PrintStream out;
  private final List<String> warnings = new ArrayList<>();
  private long phaseStart;

  public ChaosRun(RunOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public RunResult run() {
    String runId = String.format("%08x", new SecureRandom().nextInt());
    Path runDir = options.workDir().toAbsolutePath().resolve("warden-chaos-" + runId);
    Path historyDir = runDir.resolve("history");
    try {
      Files.createDirectories(historyDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    header(runId, runDir);
    RunResources.sweepStale(line -> out.println("  " + line));
    TestNetwork network = new TestNetwork(runId);
    RunResources resources = new RunResources(runId, network);
    String error = null;
    try {
      execute(runId, runDir, historyDir, network, resources);
    } catch (Exception e) {
      error = resources.interrupted() ? "interrupted by a signal"
          : e.getClass().getSimpleName() + ": " + e.getMessage();
      out.println("warden-chaos: the run failed: " + error);
    } finally {
      resources.cleanup();
      resources.release();
    }
    Path history = runDir.resolve("history.jsonl");
    List<Path> parts;
    try (Stream<Path> files = Files.list(historyDir)) {
      parts = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Event> events = History.merge(parts);
    History.write(history, events);
    CheckReport report = events.isEmpty() ? null
        : new Checker(options.recoveryBound()).check(events);
    boolean clean = error == null && report != null && report.anomalies().isEmpty();
    if (!options.keepData()) {
      BuildSnapshot.delete(runDir.resolve("jars"));
      if (clean) {
        deleteServerState(runDir.resolve("data"));
      }
    }
    List<String> summary = Summary.lines(options, runId, runDir, history, report, error, warnings);
    try {
      Files.write(runDir.resolve("summary.txt"), summary);
    } catch (IOException e) {
      warnings.add("could not write summary.txt: " + e.getMessage());
    }
    summary.forEach(out::println);
    String json = Summary.json(options, runId, history, report, error);
    out.println(json);
    out.flush();
    return new RunResult(runId, runDir, history, report, error, List.copyOf(warnings), json);
  }

  private void header(String runId, Path runDir) {
    out.printf("warden-chaos: run %s, seed %d, %s of faults (%s), %d lock clients, %d locks,"
            + " %d data nodes, P = %d, session TTL %s%n", runId, options.seed(),
        Summary.duration(options.duration()),
        options.faults().stream().map(f -> f.label()).collect(Collectors.joining(",")),
        options.clients(), options.locks(), options.dataNodes(), options.partitions(),
        Summary.duration(options.ttl()));
    out.println("  folder " + runDir);
    out.println("  " + Summary.NOT_INJECTED);
  }

  private void execute(String runId, Path runDir, Path historyDir, TestNetwork network,
      RunResources resources) throws InterruptedException {
    Path home = options.wardenHome();
    Path serverJars = BuildSnapshot.take(home.resolve("server/target"), "warden-server.jar",
        runDir.resolve("jars/server"));
    Path chaosJars = BuildSnapshot.take(home.resolve("chaos/target"), "warden-chaos.jar",
        runDir.resolve("jars/chaos"));
    String chaosClasspath = chaosJars.resolve("warden-chaos.jar") + ":" + chaosJars.resolve("lib")
        + "/*";

    out.println("setting up: network namespaces wc-" + runId + "-*, bridge, 10.77.0.0/24");
    network.createBridge();
    List<Host> servers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      servers.add(network.addHost("n" + i, 10 + i));
    }
    List<Host> clients = new ArrayList<>();
    for (int i = 1; i <= options.clients(); i++) {
      clients.add(network.addHost("c" + i, 100 + i));
    }
    List<Host> dataNodeHosts = new ArrayList<>();
    for (int i = 1; i <= options.dataNodes(); i++) {
      dataNodeHosts.add(network.addHost("d" + i, 20 + i));
    }
    Host observerHost = network.addHost("observer", 200);
    Firewall firewall = new Firewall();
    LinkShaper shaper = new LinkShaper();

    HistoryWriter nemesisHistory = new HistoryWriter(historyDir.resolve("nemesis.jsonl"));
    HistoryWriter registerHistory = new HistoryWriter(historyDir.resolve("register.jsonl"));
    FencedRegister register = new FencedRegister(socketPath(runDir, runId), registerHistory);
    resources.onCleanup(() -> {
      register.close();
      registerHistory.close();
      nemesisHistory.close();
    });

    ChaosCluster cluster = new ChaosCluster(serverJars, home.resolve("conf/logback.xml"),
        runDir.resolve("data"), servers, options.partitions());
    resources.onCleanup(cluster::killAll);
    out.println("starting 3 servers: " + cluster.endpoints());
    cluster.ids().forEach(cluster::start);
    for (String id : cluster.ids()) {
      cluster.awaitListening(id, START_TIMEOUT_MS);
    }

    String locks = String.join(",", options.lockNames());
    String nodes = cluster.ids().stream()
        .map(id -> id + "=" + cluster.host(id).address() + ":" + ChaosCluster.CLIENT_PORT)
        .collect(Collectors.joining(","));
    NamespacedJvm observerJvm = NamespacedJvm.start(new NamespacedJvm.Spec("observer",
        observerHost.namespace(), clientJvmOptions(), chaosClasspath,
        "io.warden.chaos.ChaosMain", List.of("observer", "--nodes", nodes, "--locks", locks,
            "--history", historyDir.resolve("observer.jsonl").toString()),
        Map.of(), runDir.resolve("observer.log"), true));
    resources.onCleanup(observerJvm::kill);
    ControlChannel observer = new ControlChannel(observerJvm);
    String leader = awaitLeader(observer);
    out.println("leader: " + leader);

    Map<String, NamespacedJvm> workerJvms = new LinkedHashMap<>();
    Map<String, ControlChannel> workers = new LinkedHashMap<>();
    for (int i = 0; i < clients.size(); i++) {
      Host host = clients.get(i);
      NamespacedJvm jvm = NamespacedJvm.start(new NamespacedJvm.Spec(host.name(),
          host.namespace(), clientJvmOptions(), chaosClasspath, "io.warden.chaos.ChaosMain",
          List.of("worker", "--id", host.name(), "--endpoints", cluster.endpoints(),
              "--locks", locks, "--ttl", options.ttl().toMillis() + "ms",
              "--register", register.socket().toString(),
              "--history", historyDir.resolve(host.name() + ".jsonl").toString(),
              "--seed", Long.toString(options.seed() * 1_000_003L + i)),
          Map.of(), runDir.resolve(host.name() + ".log"), true));
      resources.onCleanup(jvm::kill);
      workerJvms.put(host.name(), jvm);
      workers.put(host.name(), new ControlChannel(jvm));
    }
    awaitReady(workers, runDir);
    out.println(options.clients() + " lock clients running");
    DataNodes dataNodes = new DataNodes(dataNodeHosts, (host, incarnation) -> dataNodeSpec(host,
        incarnation, cluster.endpoints(), chaosClasspath, runDir, historyDir));
    resources.onCleanup(dataNodes::killAll);
    dataNodes.startAll();
    awaitReady(dataNodes.channels(), runDir);
    if (options.dataNodes() > 0) {
      out.println(options.dataNodes() + " data nodes in the ring (P = " + options.partitions()
          + ")");
    }

    Nemesis nemesis = new Nemesis(cluster, firewall, clients, workerJvms, register, dataNodes,
        shaper, () -> leaderOf(observer), nemesisHistory, this::log);
    resources.onCleanup(() -> {
      try {
        firewall.heal();
        shaper.heal();
      } catch (RuntimeException e) {
        // the namespaces go next anyway
      }
    });
    phaseStart = System.nanoTime();
    nemesisHistory.append(Event.at(phaseStart, "nemesis").type(Event.INFO).f("start")
        .detail("seed " + options.seed()).build());
    long end = phaseStart + options.duration().toNanos();
    FaultSchedule schedule = new FaultSchedule(options.seed(), options.faults(), options.ttl(),
        options.dataNodes() > 0);
    long lastHeal = phaseStart;
    while (true) {
      PlannedFault fault = schedule.next();
      long faultEnd = System.nanoTime()
          + (fault.quietMillis() + fault.durationMillis()) * 1_000_000L;
      if (faultEnd - end > 0) {
        break;
      }
      Thread.sleep(fault.quietMillis());
      Nemesis.ActiveFault active = nemesis.begin(fault);
      try {
        Thread.sleep(fault.durationMillis());
      } finally {
        nemesis.heal(active);
      }
      lastHeal = System.nanoTime();
    }
    nemesis.healEverything();
    long remaining = end - System.nanoTime();
    if (remaining > 0) {
      Thread.sleep(remaining / 1_000_000);
    }

    log("fault phase over; waiting for every lock to be acquired again (bound "
        + Summary.duration(options.recoveryBound()) + ")");
    long settleDeadline = lastHeal + options.recoveryBound().toNanos() + 5_000_000_000L;
    while (System.nanoTime() - settleDeadline < 0) {
      final long since = lastHeal;
      if (options.lockNames().stream()
          .allMatch(l -> register.lastGrantNanos(l).map(t -> t - since > 0).orElse(false))) {
        break;
      }
      Thread.sleep(100);
    }
    for (int i = 0; i < 3; i++) {
      read(observer, "while the workers run");
      readRing(observer, "while the data nodes run");
      Thread.sleep(1_000);
    }
    log("stopping the lock clients (each finishes its round and releases) and the data nodes"
        + " (each leaves the ring)");
    Map<String, ControlChannel> channels = new LinkedHashMap<>(workers);
    channels.putAll(dataNodes.channels());
    Map<String, NamespacedJvm> jvms = new LinkedHashMap<>(workerJvms);
    jvms.putAll(dataNodes.jvms());
    channels.values().forEach(w -> w.send("stop"));
    for (Map.Entry<String, ControlChannel> w : channels.entrySet()) {
      if (w.getValue().await("quiesced", 60_000).isEmpty()) {
        warnings.add("worker " + w.getKey() + " did not quiesce within 60 s");
      }
    }
    read(observer, "with every lock released");
    readRing(observer, "with every data node gone");
    channels.values().forEach(ControlChannel::closeInput);
    for (Map.Entry<String, NamespacedJvm> w : jvms.entrySet()) {
      if (!w.getValue().waitFor(20_000)) {
        warnings.add("worker " + w.getKey() + " did not exit; killed");
        w.getValue().kill();
      } else if (w.getValue().exitCode().orElse(0) != 0) {
        warnings.add("worker " + w.getKey() + " exited with " + w.getValue().exitCode().get()
            + "; see " + runDir.resolve(w.getKey() + ".log"));
      }
    }
    observer.closeInput();
    if (!observerJvm.waitFor(15_000)) {
      observerJvm.kill();
    }
    for (String id : cluster.ids()) {
      NamespacedJvm node = cluster.node(id);
      if (!node.isAlive()) {
        warnings.add("server " + id + " exited on its own (exit " + node.exitCode().orElse(-1)
            + "); see " + cluster.nodeDir(id).resolve("server.out"));
      }
    }
    log("stopping the servers");
    cluster.stopAll();
  }

  private void read(ControlChannel observer, String when) {
    Optional<String> answer = observer.ask("read", 60_000);
    log("linearizable reads of every lock " + when + ": " + answer.orElse("no answer"));
    if (answer.isEmpty()) {
      warnings.add("the observer did not answer a read " + when);
    }
  }

  private void readRing(ControlChannel observer, String when) {
    if (options.dataNodes() == 0) {
      return;
    }
    Optional<String> answer = observer.ask("ring", 60_000);
    log("linearizable read of the ring " + when + ": " + answer.orElse("no answer"));
    if (answer.isEmpty()) {
      warnings.add("the observer did not answer a ring read " + when);
    }
  }

  /** Waits for each worker's {@code ready}; fails the run if one does not say it in time. */
  private static void awaitReady(Map<String, ControlChannel> workers, Path runDir) {
    for (Map.Entry<String, ControlChannel> w : workers.entrySet()) {
      if (w.getValue().await("ready", START_TIMEOUT_MS).isEmpty()) {
        throw new IllegalStateException("worker " + w.getKey() + " did not get going in "
            + START_TIMEOUT_MS / 1000 + " s; see " + runDir.resolve(w.getKey() + ".log"));
      }
    }
  }

  /**
   * How to start data node {@code host} in its {@code incarnation}: each incarnation gets its own
   * seed and numbers its operations above its predecessors', appending to the same history file.
   */
  private NamespacedJvm.Spec dataNodeSpec(Host host, int incarnation, String endpoints,
      String classpath, Path runDir, Path historyDir) {
    int index = Integer.parseInt(host.name().substring(1));
    return new NamespacedJvm.Spec(host.name(), host.namespace(), clientJvmOptions(), classpath,
        "io.warden.chaos.ChaosMain",
        List.of("data-node", "--id", host.name(), "--endpoints", endpoints,
            "--address", host.address() + ":7000", "--zone", "z" + index % 3,
            "--ttl", options.ttl().toMillis() + "ms",
            "--history", historyDir.resolve(host.name() + ".jsonl").toString(),
            "--seed", Long.toString(options.seed() * 1_000_033L + index * 7_919L + incarnation),
            "--first-op", Long.toString(incarnation * 1_000_000L + 1)),
        Map.of(), runDir.resolve(host.name() + ".log"), true);
  }

  private String awaitLeader(ControlChannel observer) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000L;
    while (System.nanoTime() - deadline < 0) {
      Optional<String> leader = leaderOf(observer);
      if (leader.isPresent()) {
        return leader.get();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("no leader elected within " + START_TIMEOUT_MS / 1000 + " s");
  }

  /** The server that says it leads, with the highest term, as the observer sees them now. */
  private static Optional<String> leaderOf(ControlChannel observer) {
    Optional<String> answer = observer.ask("status", 10_000);
    if (answer.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode nodes = JSON.readTree(answer.get());
      String leader = null;
      long term = -1;
      for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> node = it.next();
        JsonNode info = node.getValue();
        if (info != null && !info.isNull() && "LEADER".equals(info.path("role").asText())
            && info.path("term").asLong() > term) {
          leader = node.getKey();
          term = info.path("term").asLong();
        }
      }
      return Optional.ofNullable(leader);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<String> clientJvmOptions() {
    return List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
  }

  /**
   * The register's socket: in the run folder if the path fits a Unix socket address (108 bytes),
   * else in /tmp.
   */
  private static Path socketPath(Path runDir, String runId) {
    Path inRun = runDir.resolve("register.sock");
    return inRun.toString().length() < 100 ? inRun : Path.of("/tmp", "wc-" + runId + ".sock");
  }

  /** Deletes the servers' stored state after a clean run, keeping their logs. */
  private static void deleteServerState(Path data) {
    if (!Files.isDirectory(data)) {
      return;
    }
    try (Stream<Path> nodes = Files.list(data)) {
      for (Path node : nodes.toList()) {
        if (!Files.isDirectory(node) || node.getFileName().toString().equals("conf")) {
          continue;
        }
        try (Stream<Path> entries = Files.list(node)) {
          for (Path entry : entries.toList()) {
            String name = entry.getFileName().toString();
            if (!name.endsWith(".log") && !name.endsWith(".out") && !name.endsWith(".gz")) {
              BuildSnapshot.delete(entry);
            }
          }
        }
      }
    } catch (IOException e) {
      // best effort: it is a temp folder
    }
  }

  private void log(String line) {
    double at = phaseStart == 0 ? 0 : (System.nanoTime() - phaseStart) / 1e9;
    out.printf("[%6.1fs] %s%n", at, line);
    out.flush();
  }
}
