package io.warden.chaos.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warden.chaos.history.Event;
import io.warden.chaos.history.HistoryWriter;
import io.warden.client.ServerInfo;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import io.warden.client.lock.LockHolder;
import io.warden.client.lock.LockInfo;
import io.warden.client.ring.PartitionOwner;
import io.warden.client.ring.RingDescription;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The harness's eyes inside the test network, where the harness itself (in the root namespace)
 * has no address. Reads commands on stdin and answers each with one JSON line on stdout:
 * <ul>
 *   <li>{@code status}: each server's role and term as it answers for itself ({@code null} if it
 *       does not answer within 2 s), so the nemesis can aim at the leader;
 *   <li>{@code read}: a linearizable {@code listLocks}, then {@code describeLock} of every lock,
 *       each recorded as an operation of process {@code observer} for the checker;
 *   <li>{@code ring}: a linearizable read of the whole ring (every partition's owner and token),
 *       recorded the same way.
 * </ul>
 * Exits at the end of stdin.
 */
public final class Observer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROC = "observer";

  private final Map<String, String> nodes;
  private final List<String> locks;
  private final HistoryWriter history;
  private final PrintStream control;
  private final WardenClient client;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "observer-status");
    t.setDaemon(true);
    return t;
  });
  private long nextOp = 1;

  Observer(Map<String, String> nodes, List<String> locks, Path historyFile, PrintStream control) {
    this.nodes = nodes;
    this.locks = locks;
    this.history = new HistoryWriter(historyFile);
    this.control = control;
    this.client = WardenClient.builder().endpoints(String.join(",", nodes.values()))
        .requestTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(1)).build();
  }

  /**
   * @param nodes node id to client endpoint ({@code host:port})
   */
  public static int run(Map<String, String> nodes, List<String> locks, Path historyFile) {
    PrintStream control = System.out;
    System.setOut(System.err);
    Observer observer = new Observer(nodes, locks, historyFile, control);
    try {
      observer.serve();
      return 0;
    } finally {
      observer.close();
    }
  }

  private void serve() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String answer = switch (line.strip()) {
          case "status" -> status();
          case "read" -> read();
          case "ring" -> readRing();
          default -> "{\"error\":\"unknown command\"}";
        };
        control.println(answer);
        control.flush();
      }
    } catch (IOException e) {
      // the harness is gone
    }
  }

  private String status() {
    Map<String, CompletableFuture<ServerInfo>> asks = new LinkedHashMap<>();
    nodes.forEach((id, endpoint) -> asks.put(id,
        CompletableFuture.supplyAsync(() -> client.serverStatus(endpoint), pool)));
    ObjectNode answer = JSON.createObjectNode();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    asks.forEach((id, ask) -> {
      try {
        ServerInfo info = ask.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        answer.putObject(id).put("role", info.role()).put("term", info.term());
      } catch (Exception e) {
        answer.putNull(id);
      }
    });
    return answer.toString();
  }

  private String read() {
    int ok = 0;
    int failed = 0;
    long op = nextOp++;
    history.append(Event.at(System.nanoTime(), PROC).type(Event.INVOKE).f("read").op(op).build());
    try {
      List<LockInfo> all = client.listLocks();
      List<Event.Holder> holders = new ArrayList<>();
      all.forEach(info -> holders.addAll(holders(info)));
      history.append(Event.at(System.nanoTime(), PROC).type(Event.OK).f("read").op(op)
          .holders(holders).build());
      ok++;
    } catch (WardenException e) {
      history.append(Event.at(System.nanoTime(), PROC).type(Event.INFO).f("read").op(op)
          .error(e.getClass().getSimpleName()).build());
      failed++;
    }
    for (String lock : locks) {
      op = nextOp++;
      history.append(Event.at(System.nanoTime(), PROC).type(Event.INVOKE).f("read").op(op)
          .lock(lock).build());
      try {
        Optional<LockInfo> info = client.describeLock(lock);
        history.append(Event.at(System.nanoTime(), PROC).type(Event.OK).f("read").op(op)
            .lock(lock).holders(info.map(Observer::holders).orElse(List.of())).build());
        ok++;
      } catch (WardenException e) {
        history.append(Event.at(System.nanoTime(), PROC).type(Event.INFO).f("read").op(op)
            .lock(lock).error(e.getClass().getSimpleName()).build());
        failed++;
      }
    }
    return "{\"ok\":" + ok + ",\"failed\":" + failed + "}";
  }

  private String readRing() {
    long op = nextOp++;
    history.append(Event.at(System.nanoTime(), PROC).type(Event.INVOKE).f("ring").op(op).build());
    try {
      RingDescription ring = client.ring().describe();
      List<Event.Owner> owners = new ArrayList<>();
      for (PartitionOwner p : ring.assignments()) {
        owners.add(new Event.Owner(p.partition(), p.owner(), p.token(), p.handoff()));
      }
      history.append(Event.at(System.nanoTime(), PROC).type(Event.OK).f("ring").op(op)
          .owners(owners).build());
      long owned = owners.stream().filter(o -> !o.owner().isEmpty()).count();
      return "{\"ok\":1,\"partitions\":" + owners.size() + ",\"owned\":" + owned
          + ",\"members\":" + ring.members().size() + "}";
    } catch (WardenException e) {
      history.append(Event.at(System.nanoTime(), PROC).type(Event.INFO).f("ring").op(op)
          .error(e.getClass().getSimpleName()).build());
      return "{\"ok\":0,\"error\":\"" + e.getClass().getSimpleName() + "\"}";
    }
  }

  /** The holders of one lock as the history records them. */
  static List<Event.Holder> holders(LockInfo info) {
    List<Event.Holder> holders = new ArrayList<>();
    for (LockHolder holder : info.holders()) {
      holders.add(new Event.Holder(info.name(), holder.sessionId(), holder.token()));
    }
    return holders;
  }

  private void close() {
    client.close();
    pool.shutdownNow();
    history.close();
  }
}
