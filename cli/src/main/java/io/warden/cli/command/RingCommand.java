package io.warden.cli.command;

import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.cli.output.Table;
import io.warden.client.WardenClient;
import io.warden.client.ring.PartitionOwner;
import io.warden.client.ring.RingDescription;
import io.warden.client.ring.RingMember;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wardenctl ring}: epoch, P, each member's share, the partitions in handoff (a linearizable read). */
@Command(name = "ring", description = "Show the ring: epoch, partition count, owners and handoffs.")
public final class RingCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object with every assignment instead of a summary.")
  boolean json;

  /** One partition in the JSON output. */
  public record Assignment(int partition, String owner, long token, String state, List<String> replicas) {}

  /** The JSON output. */
  public record Ring(long epoch, int partitions, List<Assignment> assignments) {}

  @Override
  public Integer call() {
    RingDescription ring;
    try (WardenClient client = parent.connect()) {
      ring = client.ring().describe();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, new Ring(ring.epoch(), ring.partitions(), ring.assignments().stream()
          .map(a -> new Assignment(a.partition(), a.owner(), a.token(), a.handoff() ? "HANDOFF" : "OWNED",
              a.replicas()))
          .toList()));
      return 0;
    }
    out.println("epoch " + ring.epoch() + ", " + ring.partitions() + " partitions, " + ring.members().size()
        + " members");
    Table members = new Table("NODE", "ZONE", "WEIGHT", "STATE", "OWNED");
    for (RingMember m : ring.members()) {
      members.row(m.nodeId(), m.zone(), m.weight(), MembersCommand.state(m), m.owned());
    }
    members.print(out);
    List<PartitionOwner> handoffs = ring.assignments().stream().filter(PartitionOwner::handoff).toList();
    out.println(handoffs.size() + " partitions in handoff");
    if (!handoffs.isEmpty()) {
      Table table = new Table("PARTITION", "FROM", "TOKEN", "TO");
      for (PartitionOwner p : handoffs) {
        table.row(p.partition(), p.owner(), p.token(), p.replicas().isEmpty() ? "" : p.replicas().get(0));
      }
      table.print(out);
    }
    return 0;
  }
}
