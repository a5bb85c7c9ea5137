package io.warden.cli.command;

import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import io.warden.client.ring.Membership;
import io.warden.client.ring.MembershipListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
   * printing it), and on SIGTERM or SIGINT leaves cleanly, releasing everything first.
   */
  @Command(name = "run", description = "Join the ring and print one JSON line per acquire and release until"
      + " SIGTERM or SIGINT, then leave.")
  public static final class Run implements Callable<Integer> {
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

    /** One line of output. */
    public record OwnershipEvent(String event, int partition, long token, long epoch, long ts) {}

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      CountDownLatch stop = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(1);
      int[] status = {1};
      WardenClient client = member.parent.connect();
      try {
        WardenSession session = client.createSession(ttl, "wardenctl member " + id);
        MembershipListener listener = new MembershipListener() {
          @Override
          public void onAcquire(int partition, long token) {
            onAcquire(partition, token, 0);
          }

          @Override
          public void onAcquire(int partition, long token, long epoch) {
            print(out, "acquire", partition, token, epoch);
          }

          @Override
          public void onRelease(int partition, ReleaseAck ack) {
            onRelease(partition, 0, 0, ack);
          }

          @Override
          public void onRelease(int partition, long token, long epoch, ReleaseAck ack) {
            // Printed before the cluster hears of it: the line marks the end of serving.
            print(out, "release", partition, token, epoch);
            ack.ack();
          }
        };
        Membership membership = session.join(id, address, zone, weight, listener);
        Thread hook = new Thread(() -> {
          stop.countDown();
          try {
            stopped.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          // A signal ends the JVM with 128+signal; a clean leave is a success, so say so.
          Runtime.getRuntime().halt(status[0]);
        }, "wardenctl-member-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        boolean released = membership.leave();
        session.close();
        status[0] = released ? 0 : 1;
      } finally {
        client.close();
        out.flush();
        stopped.countDown();
      }
      return 0;
    }

    private static synchronized void print(PrintWriter out, String event, int partition, long token, long epoch) {
      Json.print(out, new OwnershipEvent(event, partition, token, epoch, System.currentTimeMillis()));
    }
  }
}
