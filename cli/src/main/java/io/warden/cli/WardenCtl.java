package io.warden.cli;

import io.warden.cli.command.BackupCommand;
import io.warden.cli.command.LeaderCommand;
import io.warden.cli.command.LockCommand;
import io.warden.cli.command.LocksCommand;
import io.warden.cli.command.MemberCommand;
import io.warden.cli.command.MembersCommand;
import io.warden.cli.command.OwnerCommand;
import io.warden.cli.command.PeersCommand;
import io.warden.cli.command.RingCommand;
import io.warden.cli.command.SessionsCommand;
import io.warden.cli.command.SnapshotCommand;
import io.warden.cli.command.StatusCommand;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code wardenctl}: inspect and operate a Warden cluster. Exit status 0 on success, 1 when the
 * cluster could not do what was asked (one line on stderr says why), 2 on a usage error.
 */
@Command(name = "wardenctl", mixinStandardHelpOptions = true, version = "wardenctl 0.1.0",
    description = "Inspect and operate a Warden cluster.",
    subcommands = {StatusCommand.class, SessionsCommand.class, LockCommand.class, LocksCommand.class,
        SnapshotCommand.class, LeaderCommand.class, PeersCommand.class, BackupCommand.class,
        MembersCommand.class, RingCommand.class, OwnerCommand.class, MemberCommand.class,
        CommandLine.HelpCommand.class})
public final class WardenCtl {
  /** The local three-node quorum started by bin/warden-quorum (conf/quorum). */
  public static final String LOCAL_QUORUM = "127.0.0.1:17201,127.0.0.1:17202,127.0.0.1:17203";

  @Option(names = "--endpoints", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT[,...]",
      description = "Client endpoints of the cluster (default: $WARDEN_ENDPOINTS, else the local quorum "
          + LOCAL_QUORUM + ").")
  String endpoints;

  /** When --command-timeout is not given. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  @Option(names = "--command-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long one request may wait for the cluster, e.g. 500ms, 5s (default: 5s; 30s for snapshot,"
          + " leader transfer, peers remove and each request of backup; 60s for peers add). At most 60s.")
  Duration timeout;

  /** The endpoints to use: --endpoints, else $WARDEN_ENDPOINTS, else the local quorum. */
  public List<String> endpoints() {
    String chosen = endpoints;
    if (chosen == null || chosen.isBlank()) {
      chosen = System.getenv("WARDEN_ENDPOINTS");
    }
    if (chosen == null || chosen.isBlank()) {
      chosen = LOCAL_QUORUM;
    }
    return Arrays.stream(chosen.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** A client for the chosen endpoints with the chosen timeout. */
  public WardenClient connect() {
    return connect(DEFAULT_TIMEOUT);
  }

  /**
   * A client for the chosen endpoints, with --command-timeout if given, else {@code otherwise}
   * (for operations that take longer than a read).
   */
  public WardenClient connect(Duration otherwise) {
    Duration chosen = timeout != null ? timeout : otherwise;
    try {
      return WardenClient.builder()
          .endpoints(endpoints())
          .requestTimeout(chosen)
          .connectTimeout(chosen.compareTo(Duration.ofSeconds(2)) < 0 ? chosen : Duration.ofSeconds(2))
          .build();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs {@code wardenctl args}, printing to {@code out} and {@code err}; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new WardenCtl());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof WardenException || e instanceof CliException) {
        err.println("wardenctl: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return commandLine.execute(args);
  }

  /** Parses the duration syntax used throughout Warden: 250ms, 5s, 2m, 1h. */
  public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.trim();
      try {
        if (text.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 5s, 2m");
        };
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 5s, 2m");
      }
    }
  }
}
