package io.warden.cli.command;

import io.warden.cli.CliException;
import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.cli.output.Table;
import io.warden.client.PeerInfo;
import io.warden.client.ServerInfo;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wardenctl status}: every server of the cluster as it sees itself. Servers are found from
 * the given endpoints and from the peer lists they report; one that does not answer is shown as
 * UNREACHABLE. Exit 0 when a leader is known, 1 otherwise.
 */
@Command(name = "status", description = "Show the leader, the term and every server's role and indexes.")
public final class StatusCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  /** One server's line in the JSON output. */
  public record Server(String id, String address, String adminAddress, String role, long term,
                       long commitIndex, long appliedIndex, long snapshotIndex) {}

  /** The JSON output. */
  public record Status(String leader, long term, List<Server> servers) {}

  @Override
  public Integer call() {
    Status status;
    try (WardenClient client = parent.connect()) {
      status = collect(client, parent.endpoints());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, status);
    } else {
      out.println(status.leader() == null ? "no leader (term " + status.term() + ")"
          : "leader " + status.leader() + ", term " + status.term());
      Table table = new Table("ID", "ROLE", "CLIENT", "ADMIN", "TERM", "COMMIT", "APPLIED", "SNAPSHOT");
      for (Server s : status.servers()) {
        boolean up = !"UNREACHABLE".equals(s.role());
        table.row(s.id(), s.role(), s.address(), s.adminAddress(), up ? s.term() : null,
            up ? s.commitIndex() : null, up ? s.appliedIndex() : null, up ? s.snapshotIndex() : null);
      }
      table.print(out);
    }
    if (status.leader() == null) {
      spec.commandLine().getErr().println("wardenctl: the cluster has no leader right now");
      return 1;
    }
    return 0;
  }

  static Status collect(WardenClient client, List<String> endpoints) {
    Map<String, Optional<ServerInfo>> byAddress = new LinkedHashMap<>();
    List<String> toAsk = new ArrayList<>(endpoints);
    Map<String, String> idByAddress = new LinkedHashMap<>();
    Map<String, String> adminByAddress = new LinkedHashMap<>();
    while (!toAsk.isEmpty()) {
      List<String> round = toAsk.stream().filter(a -> !byAddress.containsKey(a)).distinct().toList();
      toAsk = new ArrayList<>();
      List<CompletableFuture<Optional<ServerInfo>>> answers = round.stream()
          .map(address -> CompletableFuture.supplyAsync(() -> ask(client, address)))
          .toList();
      for (int i = 0; i < round.size(); i++) {
        Optional<ServerInfo> info = answers.get(i).join();
        byAddress.put(round.get(i), info);
        info.ifPresent(s -> s.peers().forEach(p -> idByAddress.putIfAbsent(p.clientAddress(), p.id())));
        for (PeerInfo peer : info.map(ServerInfo::peers).orElse(List.of())) {
          adminByAddress.putIfAbsent(peer.clientAddress(), peer.adminAddress());
          if (!peer.clientAddress().isEmpty() && !byAddress.containsKey(peer.clientAddress())) {
            toAsk.add(peer.clientAddress());
          }
        }
      }
    }
    if (byAddress.values().stream().allMatch(Optional::isEmpty)) {
      throw new CliException("no Warden server answered at " + String.join(",", endpoints)
          + ": is the cluster running (bin/warden-quorum start)? Set --endpoints or WARDEN_ENDPOINTS otherwise");
    }
    List<Server> servers = new ArrayList<>();
    String leader = null;
    long term = 0;
    for (Map.Entry<String, Optional<ServerInfo>> entry : byAddress.entrySet()) {
      String address = entry.getKey();
      if (entry.getValue().isPresent()) {
        ServerInfo s = entry.getValue().get();
        servers.add(new Server(s.id(), s.clientAddress(), s.adminAddress(), s.role(), s.term(),
            s.commitIndex(), s.appliedIndex(), s.snapshotIndex()));
        if (s.isLeader() && s.term() >= term) {
          leader = s.id();
        }
        term = Math.max(term, s.term());
      } else {
        servers.add(new Server(idByAddress.getOrDefault(address, address), address,
            adminByAddress.getOrDefault(address, ""), "UNREACHABLE", 0, 0, 0, 0));
      }
    }
    servers.sort((a, b) -> a.id().compareTo(b.id()));
    return new Status(leader, term, servers);
  }

  private static Optional<ServerInfo> ask(WardenClient client, String address) {
    try {
      return Optional.of(client.serverStatus(address));
    } catch (WardenException e) {
      return Optional.empty();
    }
  }
}
