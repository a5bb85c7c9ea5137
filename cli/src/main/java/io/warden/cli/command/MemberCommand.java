package io.warden.cli.command;

import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.client.SessionState;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import io.warden.client.WardenSession;
import io.warden.client.ring.Membership;
import io.warden.client.ring.MembershipListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wardenctl member run}: a data node that only reports its ownership, for tests and demos. */
@Command(name = "member", description = "Act as a data node.", subcommands = MemberCommand.Run.class)
public final class MemberCommand {
  @ParentCommand WardenCtl parent;

  /**
   * Joins, prints one JSON line per ownership event, acknowledges each release at once (after
   * printing it), and on SIGTERM or SIGINT leaves cleanly, releasing everything first. When its
   * session ends (the node was cut off or paused past its TTL, and the cluster has handed its
   * partitions over) it says so and joins again under a new session, as a real data node must.
   */
  @Command(name = "run", description = "Join the ring and print one JSON line per acquire and release until"
      + " SIGTERM or SIGINT, then leave. A session that ends is replaced and the node joins again.")
  public static final class Run implements Callable<Integer> {
    /** Between attempts to open a session and join again after the last one ended. */
    private static final Duration REJOIN_BACKOFF = Duration.ofMillis(500);

    @ParentCommand MemberCommand member;
    @Spec CommandSpec spec;

    @Option(names = "--id", required = true, description = "The node id.")
    String id;

    @Option(names = "--address", required = true, paramLabel = "HOST:PORT", description = "Where the node serves.")
    String address;

    @Option(names = "--zone", defaultValue = "", description = "Its failure zone (default: none).")
    String zone;

    @Option(names = "--weight", defaultValue = "1", description = "Its relative capacity, 1..100 (default: 1).")
    int weight;

    @Option(names = "--ttl", defaultValue = "10s", converter = WardenCtl.DurationConverter.class,
        paramLabel = "DURATION", description = "Session TTL (default: 10s).")
    Duration ttl;

    /** One line of output: {@code acquire} or {@code release} of a partition. */
    public record OwnershipEvent(String event, int partition, long token, long epoch, long ts) {}

    /** One line of output: {@code joined} under a session, or {@code session-ended}. */
    public record SessionEvent(String event, long session, long ts) {}

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      // Released by the shutdown hook (stop) or by the session's end (a rejoin is due).
      Semaphore wake = new Semaphore(0);
      AtomicBoolean stopping = new AtomicBoolean();
      CountDownLatch stopped = new CountDownLatch(1);
      int[] status = {1};
      Thread hook = new Thread(() -> {
        stopping.set(true);
        wake.release();
        try {
          stopped.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        // A signal ends the JVM with 128+signal; a clean leave is a success, so say so.
        Runtime.getRuntime().halt(status[0]);
      }, "wardenctl-member-stop");
      WardenClient client = member.parent.connect();
      try {
        // The first join's errors are the user's to see (bad id, unreachable cluster): not retried.
        Joined joined = join(client, out, wake);
        Runtime.getRuntime().addShutdownHook(hook);
        while (true) {
          wake.acquire();
          if (stopping.get()) {
            boolean released = joined.membership().leave();
            joined.session().close();
            status[0] = released ? 0 : 1;
            return 0;
          }
          if (joined.session().isValid()) {
            continue; // a stale wake-up
          }
          print(out, new SessionEvent("session-ended", joined.session().id(), System.currentTimeMillis()));
          joined = rejoin(client, out, wake, stopping);
          if (joined == null) {
            status[0] = 0; // stopped while out of the ring: nothing to release
            return 0;
          }
        }
      } finally {
        client.close();
        out.flush();
        stopped.countDown();
      }
    }

    private record Joined(WardenSession session, Membership membership) {}

    /** A new session and a join under it; {@code wake} is released when that session ends. */
    private Joined join(WardenClient client, PrintWriter out, Semaphore wake) {
      WardenSession session = client.createSession(ttl, "wardenctl member " + id);
      session.addListener((s, previous, current) -> {
        if (current == SessionState.EXPIRED) {
          wake.release();
        }
      });
      Membership membership = session.join(id, address, zone, weight, new Printer(out));
      print(out, new SessionEvent("joined", session.id(), System.currentTimeMillis()));
      return new Joined(session, membership);
    }

    /** Joins again until it works or the process is told to stop (then null). */
    private Joined rejoin(WardenClient client, PrintWriter out, Semaphore wake, AtomicBoolean stopping)
        throws InterruptedException {
      while (!stopping.get()) {
        try {
          return join(client, out, wake);
        } catch (WardenException e) {
          spec.commandLine().getErr().println("wardenctl member run: joining again failed (" + e.getMessage()
              + "); retrying in " + REJOIN_BACKOFF.toMillis() + " ms");
          if (wake.tryAcquire(REJOIN_BACKOFF.toMillis(), TimeUnit.MILLISECONDS) && stopping.get()) {
            return null;
          }
        }
      }
      return null;
    }

    /** Prints every acquire and release, and acknowledges releases once printed. */
    private static final class Printer implements MembershipListener {
      private final PrintWriter out;

      Printer(PrintWriter out) {
        this.out = out;
      }

      @Override
      public void onAcquire(int partition, long token) {
        onAcquire(partition, token, 0);
      }

      @Override
      public void onAcquire(int partition, long token, long epoch) {
        print(out, new OwnershipEvent("acquire", partition, token, epoch, System.currentTimeMillis()));
      }

      @Override
      public void onRelease(int partition, ReleaseAck ack) {
        onRelease(partition, 0, 0, ack);
      }

      @Override
      public void onRelease(int partition, long token, long epoch, ReleaseAck ack) {
        // Printed before the cluster hears of it: the line marks the end of serving.
        print(out, new OwnershipEvent("release", partition, token, epoch, System.currentTimeMillis()));
        ack.ack();
      }
    }

    private static synchronized void print(PrintWriter out, Object line) {
      Json.print(out, line);
    }
  }
}
