package io.warden.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Three Warden server processes run by the real {@code bin/} scripts, on loopback ports chosen
 * for this test, with their data under a temporary {@code WARDEN_DATA}. More servers can be
 * configured to join it ({@link #addJoiningNode}); their configurations live outside the quorum's
 * conf dir, so {@code warden-quorum} leaves them alone. Stops every process it started, by pid,
 * when closed.
 */
final class ProcessQuorum implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Every quorum made in this JVM, for {@link ServerLogsOnFailure}. */
  private static final List<ProcessQuorum> MADE = new CopyOnWriteArrayList<>();

  private final Path home;
  private final Path data;
  private final Path confDir;
  private final Map<String, Integer> clientPorts = new LinkedHashMap<>();
  private final Map<String, String> raftAddresses = new LinkedHashMap<>();
  private final Map<String, String> adminAddresses = new LinkedHashMap<>();
  private final Map<String, Path> joiningConfs = new LinkedHashMap<>();
  private String clusterId;
  private String peersBlock;

  /** The output of one script or wardenctl run. */
  record Result(int exitCode, String stdout, String stderr) {}

  ProcessQuorum(Path workDir) {
    this.home = Path.of(System.getProperty("warden.home", "..")).toAbsolutePath().normalize();
    this.data = workDir.resolve("data");
    this.confDir = workDir.resolve("conf");
    writeConfigs();
    MADE.add(this);
  }

  /** Every quorum made in this JVM whose data directory still exists. */
  static List<ProcessQuorum> made() {
    return MADE.stream().filter(q -> Files.isDirectory(q.data)).toList();
  }

  /** The last {@code lines} lines of each server's log, under a header naming it. */
  String logTails(int lines) {
    StringBuilder out = new StringBuilder();
    try (var nodes = Files.list(data)) {
      for (Path log : nodes.map(dir -> dir.resolve("server.log")).filter(Files::isRegularFile).sorted().toList()) {
        List<String> all = Files.readAllLines(log);
        out.append("---- ").append(log).append(" (last ").append(Math.min(lines, all.size())).append(" of ")
            .append(all.size()).append(" lines)\n");
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
      }
    } catch (IOException e) {
      out.append("(server logs under ").append(data).append(" unreadable: ").append(e).append(")\n");
    }
    return out.toString();
  }

  private void writeConfigs() {
    List<Integer> ports = freePorts(9);
    clusterId = UUID.randomUUID().toString();
    StringBuilder peers = new StringBuilder("warden.peers=n1,n2,n3\n");
    for (int i = 0; i < 3; i++) {
      String id = "n" + (i + 1);
      clientPorts.put(id, ports.get(3 * i + 1));
      raftAddresses.put(id, "127.0.0.1:" + ports.get(3 * i));
      adminAddresses.put(id, "127.0.0.1:" + ports.get(3 * i + 2));
      peers.append("warden.peer.").append(id).append(".raft=127.0.0.1:").append(ports.get(3 * i)).append('\n')
          .append("warden.peer.").append(id).append(".client=127.0.0.1:").append(ports.get(3 * i + 1)).append('\n')
          .append("warden.peer.").append(id).append(".admin=127.0.0.1:").append(ports.get(3 * i + 2)).append('\n');
    }
    peersBlock = peers.toString();
    try {
      Files.createDirectories(confDir);
      for (String id : clientPorts.keySet()) {
        Files.writeString(confDir.resolve("node" + id.substring(1) + ".properties"),
            "warden.node.id=" + id + "\nwarden.cluster.id=" + clusterId + "\nwarden.data.dir=" + id + "\n" + peers);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path conf(String id) {
    return joiningConfs.getOrDefault(id, confDir.resolve("node" + id.substring(1) + ".properties"));
  }

  /**
   * Writes the configuration of a new server {@code id} that joins this cluster: the cluster's id
   * and peers plus itself, and {@code warden.join=true}. Start it with {@code server("start", id)},
   * then add it with {@code wardenctl peers add}.
   */
  Path addJoiningNode(String id) {
    return addNode(id, true);
  }

  /**
   * Writes the configuration of a server {@code id} with this cluster's id that bootstraps a
   * group of its own ({@code warden.peers} is itself alone, no {@code warden.join}): a mistake
   * {@code peers add} must refuse.
   */
  Path addStandaloneNode(String id) {
    return addNode(id, false);
  }

  private Path addNode(String id, boolean join) {
    List<Integer> ports = freePorts(3);
    clientPorts.put(id, ports.get(1));
    raftAddresses.put(id, "127.0.0.1:" + ports.get(0));
    adminAddresses.put(id, "127.0.0.1:" + ports.get(2));
    String self = "warden.peer." + id + ".raft=" + raftAddresses.get(id) + "\n"
        + "warden.peer." + id + ".client=127.0.0.1:" + ports.get(1) + "\n"
        + "warden.peer." + id + ".admin=" + adminAddresses.get(id) + "\n";
    String peers = join
        ? "warden.join=true\n" + peersBlock.replace("warden.peers=n1,n2,n3", "warden.peers=n1,n2,n3," + id) + self
        : "warden.peers=" + id + "\n" + self;
    Path file = confDir.resolveSibling("conf-" + id).resolve("node" + id.substring(1) + ".properties");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "warden.node.id=" + id + "\nwarden.cluster.id=" + clusterId + "\nwarden.data.dir=" + id
          + "\n" + peers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    joiningConfs.put(id, file);
    return file;
  }

  /** {@code ID=RAFT,CLIENT} as {@code wardenctl peers add} takes it. */
  String peerSpec(String id) {
    return id + "=" + raftAddresses.get(id) + ",127.0.0.1:" + clientPorts.get(id);
  }

  String adminAddress(String id) {
    return adminAddresses.get(id);
  }

  String clusterId() {
    return clusterId;
  }

  /** {@code bin/warden-server restore BACKUP CONF} for node {@code id}. */
  Result restore(Path backup, String id) {
    return run(List.of(home.resolve("bin/warden-server").toString(), "restore", backup.toString(), conf(id).toString()));
  }

  /** The client endpoints of the given nodes (all when none given). */
  String endpoints(String... ids) {
    List<String> chosen = ids.length == 0 ? List.copyOf(clientPorts.keySet()) : List.of(ids);
    return chosen.stream().map(id -> "127.0.0.1:" + clientPorts.get(id)).collect(Collectors.joining(","));
  }

  Result quorum(String command) {
    return run(List.of(home.resolve("bin/warden-quorum").toString(), command, "--conf-dir", confDir.toString()));
  }

  Result server(String command, String id) {
    return run(List.of(home.resolve("bin/warden-server").toString(), command, conf(id).toString()));
  }

  /** Runs {@code bin/wardenctl --endpoints <all or given> args}. */
  Result wardenctl(List<String> args, String... endpointIds) {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/wardenctl").toString(), "--endpoints", endpoints(endpointIds)));
    command.addAll(args);
    return run(command);
  }

  /** {@code wardenctl status --json} of the given nodes, parsed. */
  JsonNode status(String... endpointIds) {
    return parse(wardenctl(List.of("status", "--json", "--command-timeout", "2s"), endpointIds).stdout());
  }

  /** The leader the given nodes report, if any. */
  Optional<String> leader(String... endpointIds) {
    Result result = wardenctl(List.of("status", "--json", "--command-timeout", "2s"), endpointIds);
    if (result.exitCode() != 0) {
      return Optional.empty();
    }
    JsonNode leader = parse(result.stdout()).get("leader");
    return leader == null || leader.isNull() ? Optional.empty() : Optional.of(leader.asText());
  }

  String awaitLeader(String... endpointIds) {
    return await("a leader").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> leader(endpointIds), Optional::isPresent).orElseThrow();
  }

  /** The pid in the node's pid file, if the file exists. */
  Optional<Long> pid(String id) {
    Path file = data.resolve(id).resolve("warden.pid");
    try {
      return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code signal} (e.g. KILL, STOP, CONT) to node {@code id}'s process. */
  void signal(String id, String signal) {
    long pid = pid(id).orElseThrow(() -> new IllegalStateException(id + " has no pid file"));
    Result result = run(List.of("kill", "-" + signal, Long.toString(pid)));
    if (result.exitCode() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + result.stderr());
    }
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + json, e);
    }
  }

  /** Starts {@code bin/wardenctl --endpoints <all> args} without waiting; output goes to {@code out}. */
  Process startWardenctl(List<String> args, Path out) {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/wardenctl").toString(), "--endpoints", endpoints()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().put("WARDEN_DATA", data.toString());
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result run(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("WARDEN_DATA", data.toString());
    builder.environment().put("WARDEN_HEAP", "256m");
    builder.environment().remove("WARDEN_ENDPOINTS");
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Path out = Files.createTempFile("warden-it", ".out");
      Path err = Files.createTempFile("warden-it", ".err");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in 120 s");
      }
      Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      sockets.forEach(s -> {
        try {
          s.close();
        } catch (IOException ignored) {
          // best effort
        }
      });
    }
  }

  /** Stops the quorum with the script, then kills by pid anything still alive (also paused ones). */
  @Override
  public void close() {
    for (String id : clientPorts.keySet()) {
      pid(id).filter(ProcessQuorum::alive).ifPresent(pid -> run(List.of("kill", "-CONT", Long.toString(pid))));
    }
    quorum("stop");
    for (String id : joiningConfs.keySet()) {
      server("stop", id);
    }
    for (String id : clientPorts.keySet()) {
      pid(id).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
