package io.warden.cli.command;

import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.cli.output.Table;
import io.warden.client.WardenClient;
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

/** {@code wardenctl members}: the ring's data nodes and what each owns (a linearizable read). */
@Command(name = "members", description = "List the data nodes in the ring.")
public final class MembersCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  /** A member in the JSON output. */
  public record Member(String id, String address, String zone, int weight, long session, long joinedIndex,
                       String state, int owned) {}

  /** The JSON output. */
  public record Members(long epoch, int partitions, List<Member> members) {}

  @Override
  public Integer call() {
    RingDescription ring;
    try (WardenClient client = parent.connect()) {
      ring = client.ring().describe();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, new Members(ring.epoch(), ring.partitions(), ring.members().stream()
          .map(m -> new Member(m.nodeId(), m.address(), m.zone(), m.weight(), m.sessionId(), m.joinedIndex(),
              state(m), m.owned()))
          .toList()));
      return 0;
    }
    Table table = new Table("NODE", "ADDRESS", "ZONE", "WEIGHT", "SESSION", "STATE", "OWNED");
    for (RingMember m : ring.members()) {
      table.row(m.nodeId(), m.address(), m.zone(), m.weight(), m.sessionId(), state(m), m.owned());
    }
    table.print(out);
    return 0;
  }

  static String state(RingMember member) {
    return member.leaving() ? "LEAVING" : "ACTIVE";
  }
}
