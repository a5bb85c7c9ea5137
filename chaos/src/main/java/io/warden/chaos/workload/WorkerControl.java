package io.warden.chaos.workload;

import io.warden.chaos.history.Event;
import io.warden.chaos.history.HistoryWriter;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import io.warden.client.WardenSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process's side of its control channel, shared by lock workers and data nodes: stdout
 * carries its answers ({@code ready}, {@code quiesced}) and nothing else; a {@code stop} line on
 * stdin asks it to finish what it is doing; the end of stdin lets it exit. Also the steps both
 * kinds of worker take the same way: opening a recorded session, describing a failure.
 */
final class WorkerControl {
  private final PrintStream control;
  private final CountDownLatch endOfInput = new CountDownLatch(1);
  private volatile boolean stopping;

  private WorkerControl(PrintStream control) {
    this.control = control;
  }

  /**
   * Takes stdout over as the control channel (everything else printed goes to stderr) and starts
   * reading commands from stdin.
   */
  static WorkerControl takeOverStdio() {
    WorkerControl worker = new WorkerControl(System.out);
    System.setOut(System.err);
    Thread input = new Thread(worker::readCommands, "worker-stdin");
    input.setDaemon(true);
    input.start();
    return worker;
  }

  /** Whether the harness asked to stop (or is gone). */
  boolean stopping() {
    return stopping;
  }

  /** Sends one line to the harness. */
  void tell(String line) {
    control.println(line);
    control.flush();
  }

  /** Waits for the end of stdin: the harness's leave to exit. */
  void awaitEndOfInput() throws InterruptedException {
    endOfInput.await();
  }

  private void readCommands() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.strip().equals("stop")) {
          stopping = true;
        }
      }
    } catch (IOException e) {
      // the harness is gone: stop as at the end of input
    }
    stopping = true;
    endOfInput.countDown();
  }

  /**
   * Creates a session named {@code owner}, recording the attempt as operation {@code op} of {@code
   * proc} ({@code session} invoke, then ok with its id and deadline, or info); null after a short
   * pause if it failed.
   */
  static WardenSession openSession(WardenClient client, Duration ttl, String proc, String owner,
      HistoryWriter history, long op) {
    history.append(Event.at(System.nanoTime(), proc).type(Event.INVOKE).f("session").op(op)
        .build());
    try {
      WardenSession created = client.createSession(ttl, owner);
      history.append(Event.at(System.nanoTime(), proc).type(Event.OK).f("session").op(op)
          .session(created.id()).deadline(created.deadlineNanos()).build());
      return created;
    } catch (WardenException e) {
      history.append(Event.at(System.nanoTime(), proc).type(Event.INFO).f("session").op(op)
          .error(describe(e)).build());
      sleep(200);
      return null;
    }
  }

  /** The exception's class and message, cut to a readable length, for the history. */
  static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": "
        + (message.length() > 200 ? message.substring(0, 200) + "…" : message));
  }

  /** A random number of milliseconds from {@code min} to {@code max}, both included. */
  static long between(Random random, Duration min, Duration max) {
    long lo = min.toMillis();
    long hi = Math.max(lo, max.toMillis());
    return lo + (hi == lo ? 0 : random.nextLong(hi - lo + 1));
  }

  /** Sleeps; an interrupt ends it early and stays set. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
