package io.warden.cli.command;

import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.client.ClusterAdmin;
import io.warden.client.WardenClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wardenctl leader transfer [--to ID]}. */
@Command(name = "leader", mixinStandardHelpOptions = true, description = "Move leadership.",
    subcommands = LeaderCommand.Transfer.class)
public final class LeaderCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: leader transfer [--to ID]");
  }

  /** Hands leadership to a named member, or to the most caught-up follower. */
  @Command(name = "transfer", mixinStandardHelpOptions = true,
      description = "Hand leadership to another voting member and wait until it leads.")
  public static final class Transfer implements Callable<Integer> {
    @ParentCommand LeaderCommand leader;
    @Spec CommandSpec spec;

    @Option(names = "--to", paramLabel = "ID",
        description = "The member to hand leadership to (default: the follower with the most of the log).")
    String to;

    @Option(names = "--json", description = "Print one JSON object instead of a line.")
    boolean json;

    /** The JSON output. */
    public record Result(String previousLeader, String leader) {}

    @Override
    public Integer call() {
      ClusterAdmin.LeaderTransfer transfer;
      try (WardenClient client = leader.parent.connect(Duration.ofSeconds(30))) {
        transfer = client.admin().transferLeadership(to);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, new Result(transfer.previousLeader(), transfer.leader()));
      } else if (transfer.previousLeader().equals(transfer.leader())) {
        out.println(transfer.leader() + " already leads; nothing changed");
      } else {
        out.println("leader is now " + transfer.leader() + " (was " + transfer.previousLeader() + ")");
      }
      return 0;
    }
  }
}
