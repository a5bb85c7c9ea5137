package io.warden.cli.command;

import io.warden.cli.CliException;
import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.client.WardenClient;
import io.warden.client.ring.PartitionOwner;
import io.warden.client.ring.ReadConsistency;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wardenctl owner KEY}: the partition of a key and who owns it, asked of the leader. */
@Command(name = "owner", description = "Show which partition a key is in and which data node owns it.")
public final class OwnerCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KEY", description = "The key (hashed as UTF-8).")
  String key;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  /** The JSON output. */
  public record Owner(String key, int partition, String owner, long token, long epoch, List<String> replicas) {}

  @Override
  public Integer call() {
    PartitionOwner owner;
    try (WardenClient client = parent.connect()) {
      if (client.ring().partitions() == 0) {
        throw new CliException("the ring has no partitions yet: no data node has joined");
      }
      owner = client.ring().ownerOf(key, ReadConsistency.LINEARIZABLE);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, new Owner(key, owner.partition(), owner.owner(), owner.token(), owner.epoch(), owner.replicas()));
      return 0;
    }
    out.println("key " + key + ": partition " + owner.partition() + ", owner "
        + (owner.owner().isEmpty() ? "(none)" : owner.owner()) + ", token " + owner.token()
        + (owner.handoff() ? " (handing off to " + owner.replicas().get(0) + ")" : "")
        + ", replicas " + String.join(",", owner.replicas()) + ", epoch " + owner.epoch());
    return 0;
  }
}
