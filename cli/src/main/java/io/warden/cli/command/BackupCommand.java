package io.warden.cli.command;

import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.client.ClusterAdmin;
import io.warden.client.WardenClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wardenctl backup DIR}: a consistent checkpoint of the state, copied here. */
@Command(name = "backup", mixinStandardHelpOptions = true, description = {
    "Copy a consistent checkpoint of the cluster's state into DIR (new or empty): the leader takes a snapshot that"
        + " holds every entry committed before the command; its files are checked against their SHA-256 sums.",
    "Restore into a new cluster with bin/warden-server restore DIR CONF, for every node of it."})
public final class BackupCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Where to write the backup.")
  Path directory;

  @Option(names = "--json", description = "Print one JSON object instead of a line.")
  boolean json;

  /** The JSON output. */
  public record Backup(String directory, String clusterId, String server, long index, long term, int files,
                       long bytes) {}

  @Override
  public Integer call() {
    ClusterAdmin.Backup backup;
    try (WardenClient client = parent.connect(Duration.ofSeconds(30))) {
      backup = client.admin().backup(directory.toAbsolutePath());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, new Backup(backup.directory().toString(), backup.clusterId(), backup.serverId(), backup.index(),
          backup.term(), backup.files(), backup.bytes()));
    } else {
      out.println("backup at index " + backup.index() + " (term " + backup.term() + ") from " + backup.serverId()
          + ": " + backup.files() + " files, " + backup.bytes() + " bytes in " + backup.directory());
    }
    return 0;
  }
}
