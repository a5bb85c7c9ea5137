package io.warden.chaos.cluster;

import io.warden.chaos.net.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started inside a network namespace. {@code ip netns exec NS CMD} enters the namespace and
 * execs CMD in place, so {@link Process#pid()} is the JVM's pid and signals reach it directly.
 */
public final class NamespacedJvm {
  private final String name;
  private final Process process;
  private volatile boolean paused;

  private NamespacedJvm(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** How to start one. */
  public record Spec(
      String name,
      String namespace,
      List<String> jvmOptions,
      String classpath,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path log,
      boolean pipeStdio) {}

  /** The java binary running this harness, used for every child. */
  public static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /**
   * Starts {@code spec}. Its stderr (and stdout unless piped) is appended to the log file; with
   * {@code pipeStdio} its stdin and stdout are pipes to this process.
   */
  public static NamespacedJvm start(Spec spec) {
    List<String> command = new ArrayList<>(List.of(Command.resolve("ip"), "netns", "exec",
        spec.namespace(), java()));
    command.addAll(spec.jvmOptions());
    command.addAll(List.of("-cp", spec.classpath(), spec.mainClass()));
    command.addAll(spec.args());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(spec.env());
    ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(spec.log().toFile());
    builder.redirectError(log);
    if (spec.pipeStdio()) {
      builder.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE);
    } else {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(log);
    }
    try {
      return new NamespacedJvm(spec.name(), builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public boolean isPaused() {
    return paused;
  }

  /** SIGSTOP. */
  public void pause() {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT. */
  public void resume() {
    signal("CONT");
    paused = false;
  }

  /** SIGKILL, and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    paused = false;
    waitFor(10_000);
  }

  /**
   * Stops it: SIGCONT (a stopped process cannot act on SIGTERM), SIGTERM, then SIGKILL if it has
   * not exited within {@code graceMillis}. Idempotent.
   */
  public void stop(long graceMillis) {
    if (!process.isAlive()) {
      return;
    }
    Command.tryRun("kill", "-CONT", Long.toString(pid()));
    paused = false;
    process.destroy();
    if (!waitFor(graceMillis)) {
      process.destroyForcibly();
      waitFor(10_000);
    }
  }

  /** Waits up to {@code millis} for it to exit; true if it has. */
  public boolean waitFor(long millis) {
    try {
      return process.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  private void signal(String signal) {
    if (process.isAlive()) {
      Command.run("kill", "-" + signal, Long.toString(pid()));
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + pid() + ")";
  }
}
