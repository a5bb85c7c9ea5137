package io.warden.cli.command;

import io.warden.cli.CliException;
import io.warden.cli.WardenCtl;
import io.warden.cli.output.Json;
import io.warden.cli.output.Table;
import io.warden.client.WardenClient;
import io.warden.client.lock.LockHolder;
import io.warden.client.lock.LockInfo;
import io.warden.client.lock.LockWaiter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wardenctl locks [NAME]}: held locks, or one lock's holders and queue (linearizable reads). */
@Command(name = "locks", description = "List held locks, or show one lock's holders and waiters.")
public final class LocksCommand implements Callable<Integer> {
  @ParentCommand WardenCtl parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Show this lock's queue.")
  String name;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  /** A holder in the JSON output. */
  public record Holder(long session, String owner, long token, String heldSince) {}

  /** A waiter in the JSON output. */
  public record Waiter(long session, String owner, long waiterId, String mode) {}

  /** A lock in the JSON output. */
  public record Lock(String name, String mode, List<Holder> holders, int waiterCount, List<Waiter> waiters) {}

  /** The JSON output. */
  public record Locks(List<Lock> locks) {}

  @Override
  public Integer call() {
    List<LockInfo> locks;
    try (WardenClient client = parent.connect()) {
      locks = name == null ? client.listLocks() : client.describeLock(name).map(List::of).orElse(List.of());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, new Locks(locks.stream().map(LocksCommand::toJson).toList()));
      return 0;
    }
    if (name != null) {
      if (locks.isEmpty()) {
        throw new CliException("lock " + name + " is free: nobody holds or waits for it");
      }
      printQueue(out, locks.get(0));
      return 0;
    }
    Table table = new Table("NAME", "MODE", "HOLDERS (SESSION:TOKEN)", "HELD SINCE", "WAITERS");
    for (LockInfo lock : locks) {
      table.row(lock.name(), lock.mode(),
          lock.holders().stream().map(h -> h.sessionId() + ":" + h.token()).collect(Collectors.joining(",")),
          lock.holders().isEmpty() ? null : lock.holders().get(0).grantedAt(), lock.waiters().size());
    }
    table.print(out);
    return 0;
  }

  private static void printQueue(PrintWriter out, LockInfo lock) {
    out.println("lock " + lock.name() + " (" + lock.mode() + ")");
    Table table = new Table("", "SESSION", "OWNER", "TOKEN/WAITER", "MODE", "SINCE");
    for (LockHolder h : lock.holders()) {
      table.row("holder", h.sessionId(), h.owner(), h.token(), lock.mode(), h.grantedAt());
    }
    int position = 1;
    for (LockWaiter w : lock.waiters()) {
      table.row("waiter " + position++, w.sessionId(), w.owner(), w.waiterId(), w.mode(), null);
    }
    table.print(out);
  }

  private static Lock toJson(LockInfo lock) {
    return new Lock(lock.name(), String.valueOf(lock.mode()),
        lock.holders().stream().map(h -> new Holder(h.sessionId(), h.owner(), h.token(), String.valueOf(h.grantedAt()))).toList(),
        lock.waiters().size(),
        lock.waiters().stream().map(w -> new Waiter(w.sessionId(), w.owner(), w.waiterId(), String.valueOf(w.mode()))).toList());
  }
}
