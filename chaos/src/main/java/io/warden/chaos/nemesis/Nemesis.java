package io.warden.chaos.nemesis;

import io.warden.chaos.cluster.ChaosCluster;
import io.warden.chaos.cluster.NamespacedJvm;
import io.warden.chaos.history.Event;
import io.warden.chaos.history.HistoryWriter;
import io.warden.chaos.net.Firewall;
import io.warden.chaos.net.Host;
import io.warden.chaos.net.LinkShaper;
import io.warden.chaos.register.FencedRegister;
import io.warden.chaos.workload.DataNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Carries out planned faults and heals them, recording a {@code fault} event when one begins and a
 * {@code heal} event when it has been undone (rules flushed, rate limits removed, SIGCONT sent, the
 * killed server or data node started again).
 */
public final class Nemesis {
  private static final String PROC = "nemesis";

  private final ChaosCluster cluster;
  private final Firewall firewall;
  private final List<Host> clients;
  private final Map<String, NamespacedJvm> workers;
  private final FencedRegister register;
  private final DataNodes dataNodes;
  private final LinkShaper shaper;
  private final Supplier<Optional<String>> leader;
  private final HistoryWriter history;
  private final Consumer<String> log;

  /** A fault in force: what it is and how to undo it. */
  public record ActiveFault(PlannedFault plan, String description, Runnable heal) {}

  /**
   * @param clients the workers' hosts, in order (c1, c2, ...)
   * @param workers the workers' processes by host name
   * @param dataNodes the data nodes (possibly none)
   * @param shaper rate limits for slow links
   * @param leader asks who leads now (empty if nobody is sure)
   * @param log told one line per fault and heal
   */
  public Nemesis(ChaosCluster cluster, Firewall firewall, List<Host> clients,
      Map<String, NamespacedJvm> workers, FencedRegister register, DataNodes dataNodes,
      LinkShaper shaper, Supplier<Optional<String>> leader, HistoryWriter history,
      Consumer<String> log) {
    this.cluster = cluster;
    this.firewall = firewall;
    this.clients = List.copyOf(clients);
    this.workers = Map.copyOf(workers);
    this.register = register;
    this.dataNodes = dataNodes;
    this.shaper = shaper;
    this.leader = leader;
    this.history = history;
    this.log = log;
  }

  /** Starts {@code fault}; the caller ends it with {@link #heal} after its duration. */
  public ActiveFault begin(PlannedFault fault) {
    ActiveFault active = switch (fault.kind()) {
      case PARTITION -> partition(fault);
      case KILL -> kill(fault);
      case PAUSE -> pause(fault);
      case NETEM -> link(fault);
    };
    history.append(Event.at(System.nanoTime(), PROC).type(Event.INFO).f("fault")
        .fault(fault.kind().label()).detail(active.description()).build());
    log.accept("+ " + fault.kind().label() + " " + active.description() + " for "
        + seconds(fault.durationMillis()));
    return active;
  }

  /** Undoes {@code active} and records the heal. */
  public void heal(ActiveFault active) {
    active.heal().run();
    history.append(Event.at(System.nanoTime(), PROC).type(Event.INFO).f("heal")
        .fault(active.plan().kind().label()).detail(active.description()).build());
    log.accept("- healed " + active.plan().kind().label() + " " + active.plan().variant());
  }

  /** Undoes whatever may be in force: rules, stopped or dead processes. For the end and errors. */
  public void healEverything() {
    firewall.heal();
    shaper.heal();
    dataNodes.reviveAll();
    workers.values().forEach(w -> {
      if (w.isAlive() && w.isPaused()) {
        w.resume();
      }
    });
    cluster.reviveAll();
  }

  private ActiveFault partition(PlannedFault f) {
    List<String> servers = cluster.ids();
    String variant = f.variant();
    List<Host> a = new ArrayList<>();
    List<Host> b = new ArrayList<>();
    String description;
    switch (variant) {
      case "majority-minority", "leader-isolated" -> {
        String alone = variant.equals("leader-isolated") ? leaderOr(f.pick()) : pickServer(f.pick());
        servers.forEach(id -> (id.equals(alone) ? a : b).add(cluster.host(id)));
        spreadClients(f.sides(), a, b);
        cut(a, b);
        description = variant + ": " + names(a) + " | " + names(b);
      }
      case "bridge" -> {
        String bridge = pickServer(f.pick());
        List<String> others = servers.stream().filter(id -> !id.equals(bridge)).toList();
        a.add(cluster.host(others.get(0)));
        b.add(cluster.host(others.get(1)));
        spreadClients(f.sides(), a, b);
        cut(a, b);
        description = variant + ": " + bridge + " sees both sides of " + names(a) + " | "
            + names(b);
      }
      case "one-way-in", "one-way-out" -> {
        String target = f.pick() % 2 == 0 ? leaderOr(f.pick()) : pickServer(f.pick());
        Host t = cluster.host(target);
        for (String id : servers) {
          if (!id.equals(target)) {
            if (variant.equals("one-way-in")) {
              firewall.block(cluster.host(id), t);
            } else {
              firewall.block(t, cluster.host(id));
            }
          }
        }
        description = variant + ": " + (variant.equals("one-way-in")
            ? target + " hears no other server (it can still send)"
            : "no other server hears " + target + " (it can still receive)");
      }
      case "client-isolated" -> {
        String client = holdingClient(f.pick());
        String note = holdingNote(client);
        Host c = clients.stream().filter(h -> h.name().equals(client)).findFirst().orElseThrow();
        a.add(c);
        servers.forEach(id -> b.add(cluster.host(id)));
        // Installing the rules takes longer than a short hold: freeze the client meanwhile, so
        // the cut lands while it still holds the lock.
        NamespacedJvm jvm = workers.get(client);
        jvm.pause();
        try {
          cut(a, b);
        } finally {
          jvm.resume();
        }
        description = variant + ": " + client + note + " | all servers";
      }
      case "member-isolated" -> {
        String member = pickDataNode(f.pick());
        a.add(dataNodes.hosts().stream().filter(h -> h.name().equals(member)).findFirst()
            .orElseThrow());
        servers.forEach(id -> b.add(cluster.host(id)));
        cut(a, b);
        description = variant + ": " + member + " | all servers";
      }
      default -> throw new IllegalArgumentException("unknown partition " + variant);
    }
    return new ActiveFault(f, description, firewall::heal);
  }

  private ActiveFault kill(PlannedFault f) {
    if (f.variant().equals("member")) {
      String member = pickDataNode(f.pick());
      dataNodes.kill(member);
      return new ActiveFault(f, "member: SIGKILL data node " + member + ", then restart",
          () -> dataNodes.restart(member));
    }
    String target = f.variant().equals("leader") ? leaderOr(f.pick()) : pickServer(f.pick());
    cluster.kill(target);
    String description = f.variant() + ": SIGKILL " + target + ", then restart";
    return new ActiveFault(f, description, () -> cluster.start(target));
  }

  private ActiveFault pause(PlannedFault f) {
    if (f.variant().equals("member")) {
      NamespacedJvm jvm = dataNodes.jvm(pickDataNode(f.pick()));
      jvm.pause();
      return new ActiveFault(f, "member: SIGSTOP data node " + jvm.name(), jvm::resume);
    }
    if (f.variant().startsWith("client")) {
      String client = holdingClient(f.pick());
      NamespacedJvm jvm = workers.get(client);
      String note = holdingNote(client);
      jvm.pause();
      return new ActiveFault(f, f.variant() + ": SIGSTOP " + client + note, jvm::resume);
    }
    String target = f.variant().equals("server-leader") ? leaderOr(f.pick()) : pickServer(f.pick());
    NamespacedJvm jvm = cluster.node(target);
    jvm.pause();
    return new ActiveFault(f, f.variant() + ": SIGSTOP " + target, jvm::resume);
  }

  /**
   * A slow or lossy link at one server (the leader every other time), or a lossy link at every
   * server. The rate or loss comes from the fault's random bits.
   */
  private ActiveFault link(PlannedFault f) {
    List<String> targets = f.variant().equals("lossy-all") ? cluster.ids()
        : List.of(f.pick() % 2 == 0 ? leaderOr(f.pick()) : pickServer(f.pick()));
    int level = (int) Math.floorMod(f.sides(), 5L); // 0..4
    String description;
    switch (f.variant()) {
      case "slow" -> {
        int kbit = 64 << Math.min(level, 3); // 64, 128, 256, 512 kbit/s
        targets.forEach(id -> shaper.limit(cluster.host(id), kbit, 300));
        description = "slow: " + targets + " send at most " + kbit + " kbit/s (tbf, queueing up"
            + " to 300 ms)";
      }
      case "lossy", "lossy-all" -> {
        double loss = f.variant().equals("lossy") ? 0.10 + 0.10 * level : 0.05 + 0.05 * level;
        targets.forEach(id -> firewall.dropRandomly(cluster.host(id), loss));
        description = f.variant() + ": " + targets + " drop " + Math.round(loss * 100)
            + "% of what they receive (iptables statistic)";
      }
      default -> throw new IllegalArgumentException("unknown link fault " + f.variant());
    }
    return new ActiveFault(f, description, () -> {
      firewall.heal();
      shaper.heal();
    });
  }

  /** A data node that runs now (not paused), chosen by {@code pick}. */
  private String pickDataNode(int pick) {
    List<String> running = dataNodes.running();
    if (running.isEmpty()) {
      throw new IllegalStateException("no data node is running to aim a fault at");
    }
    return running.get(pick % running.size());
  }

  /** Cuts every server-involving pair across the two sides, both ways. */
  private void cut(List<Host> a, List<Host> b) {
    List<String> servers = cluster.ids();
    for (Host x : a) {
      for (Host y : b) {
        if (servers.contains(x.name()) || servers.contains(y.name())) {
          firewall.block(x, y);
          firewall.block(y, x);
        }
      }
    }
  }

  private void spreadClients(long sides, List<Host> a, List<Host> b) {
    for (int i = 0; i < clients.size(); i++) {
      ((sides >>> i & 1) == 1 ? a : b).add(clients.get(i));
    }
  }

  private String pickServer(int pick) {
    List<String> servers = cluster.ids();
    return servers.get(pick % servers.size());
  }

  private String leaderOr(int pick) {
    return leader.get().orElseGet(() -> {
      log.accept("  (no leader known; aiming at a random server)");
      return pickServer(pick);
    });
  }

  /**
   * A client that holds a lock now, by the workers' notes to the register, waiting up to 3 s for
   * one; any running client if none does.
   */
  private String holdingClient(int pick) {
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() - deadline < 0) {
      List<String> holding = register.holds().keySet().stream()
          .filter(c -> workers.containsKey(c) && workers.get(c).isAlive()
              && !workers.get(c).isPaused())
          .sorted().toList();
      if (!holding.isEmpty()) {
        return holding.get(pick % holding.size());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<String> all = clients.stream().map(Host::name).toList();
    return all.get(pick % all.size());
  }

  private String holdingNote(String client) {
    FencedRegister.Hold hold = register.holds().get(client);
    return hold == null ? " (holding nothing)"
        : " (holding " + hold.lock() + ", token " + hold.token() + ")";
  }

  private static String names(List<Host> hosts) {
    return hosts.stream().map(Host::name).collect(Collectors.joining(" ", "{", "}"));
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }
}
