package io.warden.cli.command;

import io.warden.cli.CliException;
import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.cli.output.Table;
import io.warden.client.ClusterAdmin;
import io.warden.client.PeerInfo;
import io.warden.client.ServerInfo;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wardenctl peers add ID=RAFT,CLIENT[,ADMIN]} and {@code wardenctl peers remove ID}: Raft
 * membership changes.
 */
@Command(name = "peers", mixinStandardHelpOptions = true, description = "Change the voting members of the cluster.",
    subcommands = {PeersCommand.Add.class, PeersCommand.Remove.class})
public final class PeersCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  /** The JSON output of both subcommands. */
  public record Membership(boolean changed, List<PeerInfo> peers) {}

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a subcommand: peers add ID=RAFT,CLIENT[,ADMIN] | peers remove ID");
  }

  /**
   * Adds a member. The new server must be running already, started with {@code warden.join=true}
   * and the cluster's {@code warden.cluster.id}. Before changing anything, asks it at CLIENT who it
   * is: its id must be ID and its cluster the cluster's; ADMIN defaults to the admin address it
   * reports.
   */
  @Command(name = "add", mixinStandardHelpOptions = true, description = {
      "Add a voting member: ID=RAFT,CLIENT[,ADMIN], each address host:port (its warden.peer.<ID>.raft, .client,"
          + " .admin).",
      "Start the new server first (bin/warden-server start CONF, with warden.join=true in CONF); the command returns"
          + " once it has caught up and the new membership is committed."})
  public static final class Add implements Callable<Integer> {
    private static final String ADDRESS = "([^,\\s]+:\\d+)";
    private static final Pattern SPEC = Pattern.compile("([^=,\\s]+)=" + ADDRESS + "," + ADDRESS + "(?:," + ADDRESS + ")?");

    @ParentCommand PeersCommand peers;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID=RAFT,CLIENT[,ADMIN]",
        description = "The new member, e.g. n4=10.0.0.4:17104,10.0.0.4:17204,127.0.0.1:17304.")
    String member;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      Matcher m = SPEC.matcher(member);
      if (!m.matches()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "'" + member
            + "' is not ID=RAFT,CLIENT[,ADMIN] with host:port addresses, e.g. n4=127.0.0.1:17104,127.0.0.1:17204");
      }
      String id = m.group(1);
      String raft = m.group(2);
      String clientAddress = m.group(3);
      ClusterAdmin.Membership membership;
      try (WardenClient client = peers.parent.connect(Duration.ofSeconds(60))) {
        String reportedAdmin = checkNewServer(client, id, clientAddress);
        String admin = m.group(4) != null ? m.group(4) : reportedAdmin;
        membership = client.admin().addPeer(new PeerInfo(id, raft, clientAddress, admin));
      }
      print(spec, json, membership, membership.changed() ? "added " + id
          : id + " is already a member at " + raft + "; nothing changed");
      return 0;
    }

    /**
     * Asks the new server who it is; returns the admin address it reports. It must be ID, of this
     * cluster, and in no group yet (started with warden.join=true), unless it already is a member
     * of this very group (a repeated add, which changes nothing).
     */
    private String checkNewServer(WardenClient client, String id, String clientAddress) {
      ServerInfo server;
      try {
        server = client.serverStatus(clientAddress);
      } catch (WardenException e) {
        throw new CliException(id + " does not answer at " + clientAddress + ": start it first (bin/warden-server start"
            + " CONF, with warden.join=true and the cluster's warden.cluster.id)");
      }
      if (!server.id().equals(id)) {
        throw new CliException("the server at " + clientAddress + " is " + server.id() + ", not " + id);
      }
      Optional<ServerInfo> cluster = anyMember(client, peers.parent.endpoints());
      if (cluster.isPresent() && !cluster.get().clusterId().equals(server.clusterId())) {
        throw new CliException(id + " at " + clientAddress + " belongs to cluster " + server.clusterId() + ", not "
            + cluster.get().clusterId() + ": set its warden.cluster.id to the cluster's and restart it on an empty data"
            + " directory");
      }
      List<String> itsGroup = server.peers().stream().map(PeerInfo::id).sorted().toList();
      List<String> theCluster = cluster.map(c -> c.peers().stream().map(PeerInfo::id).sorted().toList()).orElse(null);
      if (!itsGroup.isEmpty() && !itsGroup.equals(theCluster)) {
        throw new CliException(id + " at " + clientAddress + " already runs a group of its own (members: "
            + String.join(",", itsGroup) + "): a new member must start with warden.join=true on an empty data"
            + " directory");
      }
      return server.adminAddress();
    }

    /** The status of the first configured endpoint that answers. */
    private static Optional<ServerInfo> anyMember(WardenClient client, List<String> endpoints) {
      for (String endpoint : endpoints) {
        try {
          return Optional.of(client.serverStatus(endpoint));
        } catch (WardenException e) {
          // try the next one
        }
      }
      return Optional.empty();
    }
  }

  /** Removes a member; a removed server leaves every quorum and refuses to start on its data again. */
  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a voting member (it may be the leader, or down).")
  public static final class Remove implements Callable<Integer> {
    @ParentCommand PeersCommand peers;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The member to remove.")
    String id;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      ClusterAdmin.Membership membership;
      try (WardenClient client = peers.parent.connect(Duration.ofSeconds(30))) {
        membership = client.admin().removePeer(id);
      }
      if (!membership.changed()) {
        throw new CliException(id + " is not a member (members: "
            + String.join(",", membership.peers().stream().map(PeerInfo::id).toList()) + ")");
      }
      print(spec, json, membership, "removed " + id);
      return 0;
    }
  }

  static void print(CommandSpec spec, boolean json, ClusterAdmin.Membership membership, String what) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, new Membership(membership.changed(), membership.peers()));
      return;
    }
    out.println(what + "; members: " + String.join(",", membership.peers().stream().map(PeerInfo::id).toList()));
    Table table = new Table("ID", "RAFT", "CLIENT", "ADMIN");
    for (PeerInfo peer : membership.peers()) {
      table.row(peer.id(), peer.raftAddress(), peer.clientAddress(), peer.adminAddress().isEmpty() ? null
          : peer.adminAddress());
    }
    table.print(out);
  }
}
