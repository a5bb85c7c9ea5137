package io.warden.cli.command;

import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.client.ClusterAdmin;
import io.warden.client.WardenClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wardenctl snapshot}: the leader takes a snapshot now. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Take a snapshot on the leader now and print its index (it holds every entry committed before the"
        + " command).")
public final class SnapshotCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object instead of a line.")
  boolean json;

  /** The JSON output. */
  public record Snapshot(String server, long index, long commitIndex) {}

  @Override
  public Integer call() {
    ClusterAdmin.Snapshot snapshot;
    try (WardenClient client = parent.connect(Duration.ofSeconds(30))) {
      snapshot = client.admin().takeSnapshot();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, new Snapshot(snapshot.serverId(), snapshot.index(), snapshot.commitIndex()));
    } else {
      out.println("snapshot at index " + snapshot.index() + " on " + snapshot.serverId() + " (commit index was "
          + snapshot.commitIndex() + ")");
    }
    return 0;
  }
}
