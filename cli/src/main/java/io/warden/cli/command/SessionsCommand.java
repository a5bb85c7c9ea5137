package io.warden.cli.command;

import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.cli.output.Table;
import io.warden.client.SessionInfo;
import io.warden.client.WardenClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wardenctl sessions}: live sessions, as the leader sees them (a linearizable read). */
@Command(name = "sessions", description = "List live sessions: id, owner, TTL and time left on the leader's clock.")
public final class SessionsCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  /** One session in the JSON output; times in milliseconds. */
  public record Session(long id, String owner, long ttlMillis, long remainingMillis, long createdIndex, String createdAt) {}

  /** The JSON output. */
  public record Sessions(List<Session> sessions) {}

  @Override
  public Integer call() {
    List<SessionInfo> sessions;
    try (WardenClient client = parent.connect()) {
      sessions = client.listSessions();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, new Sessions(sessions.stream().map(s -> new Session(s.id(), s.owner(), s.ttl().toMillis(),
          s.remaining().toMillis(), s.createdIndex(), String.valueOf(s.createdAt()))).toList()));
      return 0;
    }
    Table table = new Table("ID", "OWNER", "TTL", "REMAINING", "CREATED");
    for (SessionInfo s : sessions) {
      table.row(s.id(), s.owner(), human(s.ttl()), human(s.remaining()), s.createdAt());
    }
    table.print(out);
    return 0;
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format("%.1fs", ms / 1000.0);
  }
}
