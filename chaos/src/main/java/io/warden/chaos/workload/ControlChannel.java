package io.warden.chaos.workload;

import io.warden.chaos.cluster.NamespacedJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's side of a worker's or the observer's stdin and stdout: commands go in one line at
 * a time, answers come out one line at a time.
 */
public final class ControlChannel {
  private final NamespacedJvm jvm;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final OutputStream in;

  public ControlChannel(NamespacedJvm jvm) {
    this.jvm = jvm;
    this.in = jvm.process().getOutputStream();
    Thread reader = new Thread(this::read, jvm.name() + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(
        jvm.process().getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /** Sends one command line; false if the process no longer reads. */
  public synchronized boolean send(String command) {
    try {
      in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Closes the process's stdin: the signal to finish. */
  public synchronized void closeInput() {
    try {
      in.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** The next line starting with {@code prefix}, waiting up to {@code millis}; others are dropped. */
  public Optional<String> await(String prefix, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      try {
        String line = lines.poll(left, TimeUnit.NANOSECONDS);
        if (line != null && line.startsWith(prefix)) {
          return Optional.of(line);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** Sends {@code command} and waits for the next line of answer. */
  public synchronized Optional<String> ask(String command, long millis) {
    lines.clear();
    if (!send(command)) {
      return Optional.empty();
    }
    return await("", millis);
  }
}
