package io.warden.chaos.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a short external command (ip, iptables, ss, kill) and returns what it printed. */
public final class Command {
  private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  /** What a command printed and how it exited. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private Command() {}

  /** Runs {@code argv}; throws if it does not exit 0 within 30 s. */
  public static String run(String... argv) {
    Result result = tryRun(argv);
    if (!result.ok()) {
      throw new IllegalStateException(String.join(" ", argv) + " failed (exit " + result.exitCode()
          + "): " + (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip());
    }
    return result.stdout();
  }

  /** Runs {@code argv} and returns its result, whatever the exit code. */
  public static Result tryRun(String... argv) {
    List<String> command = new ArrayList<>(List.of(argv));
    command.set(0, resolve(command.get(0)));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Process process = builder.start();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "", String.join(" ", argv) + ": no answer in 30 s");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      return new Result(-1, "", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    }
  }

  /** The program's path: as given if it contains a slash, else found on PATH or in the sbin dirs. */
  public static String resolve(String program) {
    if (program.contains("/")) {
      return program;
    }
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(SBIN);
    for (String dir : dirs) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Path.of(dir, program).toString();
      }
    }
    return program;
  }

  /** Whether {@code program} can be found. */
  public static boolean exists(String program) {
    return resolve(program).contains("/");
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
