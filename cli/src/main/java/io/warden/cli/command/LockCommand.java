package io.warden.cli.command;

import io.warden.cli.CliException;
import io.warden.cli.WardenCtl;
import io.warden.client.SessionState;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.lock.LockGrant;
import io.warden.client.lock.LockMode;
import io.warden.client.lock.LockTimeoutException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wardenctl lock NAME -- CMD [ARGS...]}: runs CMD while holding lock NAME, as
 * {@code etcdctl lock} does. CMD sees {@code WARDEN_LOCK_NAME} and {@code WARDEN_LOCK_TOKEN} (the
 * fencing token, to pass on to whatever it writes to). The lock is released when CMD exits, and
 * wardenctl exits with CMD's status. If the lease is lost while CMD runs, CMD gets SIGTERM and
 * wardenctl exits with status {@value #LEASE_LOST}.
 */
@Command(name = "lock", description = "Run a command while holding a lock.")
public final class LockCommand implements Callable<Integer> {
  /** Exit status when the lease was lost while the command ran. */
  static final int LEASE_LOST = 75;

  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The lock's name.")
  String name;

  @Parameters(index = "1..*", paramLabel = "CMD", arity = "1..*", description = "The command to run (after --).")
  List<String> command;

  @Option(names = "--shared", description = "Take the lock shared (readers) instead of exclusive.")
  boolean shared;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "10s", converter = WardenCtl.DurationConverter.class,
      description = "The session's TTL: how long after this process stops keeping it alive the lock is freed (default: ${DEFAULT-VALUE}).")
  Duration ttl;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = WardenCtl.DurationConverter.class,
      description = "Give up (leaving no waiter behind) if the lock is not granted within this time; default: wait forever.")
  Duration waitTimeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try (WardenClient client = parent.connect();
         WardenSession session = client.createSession(ttl, "wardenctl lock " + String.join(" ", command))) {
      LockGrant grant;
      try {
        var lock = session.lock(name, shared ? LockMode.SHARED : LockMode.EXCLUSIVE);
        grant = waitTimeout == null ? lock.acquire() : lock.acquire(waitTimeout);
      } catch (LockTimeoutException e) {
        throw new CliException("lock " + name + " was not granted within " + waitTimeout + "; gave up (no waiter left behind)");
      }
      try (grant) {
        return runHolding(grant, err);
      }
    }
  }

  private int runHolding(LockGrant grant, PrintWriter err) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("WARDEN_LOCK_NAME", name);
    builder.environment().put("WARDEN_LOCK_TOKEN", Long.toString(grant.token()));
    Process child = builder.start();
    AtomicBoolean leaseLost = new AtomicBoolean();
    grant.addListener((g, previous, current) -> {
      if (current == SessionState.EXPIRED && child.isAlive()) {
        leaseLost.set(true);
        err.println("wardenctl: lost the lease on lock " + name + " (token " + g.token()
            + "): sent SIGTERM to " + command.get(0));
        child.destroy(); // SIGTERM
      }
    });
    // Ctrl-C or SIGTERM to wardenctl: pass it on, so the lock is not released under a live CMD.
    Thread forward = new Thread(child::destroy, "wardenctl-forward-signal");
    Runtime.getRuntime().addShutdownHook(forward);
    int status = child.waitFor();
    Runtime.getRuntime().removeShutdownHook(forward);
    return leaseLost.get() ? LEASE_LOST : status;
  }
}
