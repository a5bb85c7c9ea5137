package io.warden.server;

import io.warden.server.config.ConfigException;
import io.warden.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code warden-server CONF}: runs one server until SIGTERM or SIGINT, then closes it cleanly
 * (RocksDB and the Raft log flushed and closed). A configuration error prints one line starting
 * with {@code warden-server: } and exits with status 2.
 */
public final class WardenServerMain {
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  static {
    // With one or two cores the JVM sizes the common pool to one thread, and CompletableFuture
    // then runs every *Async step without an executor on a brand-new thread. Ratis's follower
    // append path has such steps: a follower started a thread per AppendEntries and spent 0.3-0.45
    // of a core doing it. Two threads make CompletableFuture use the pool (contended handoffs
    // 320 -> 513/s, p50 2.5 -> 1.5 ms, BENCHMARKS.md "Tuning"). Set before anything touches the pool.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  private WardenServerMain() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      fail("usage: warden-server CONF (a .properties file, see conf/quorum/)");
    }
    Path conf = Path.of(args[0]);
    if (!Files.isReadable(conf)) {
      fail("cannot read configuration " + conf);
    }
    WardenServer server;
    try {
      server = WardenServer.start(ServerConfig.load(conf, dataRoot()));
    } catch (ConfigException e) {
      fail(e.getMessage());
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "warden-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code -Dwarden.data.root}, else {@code $WARDEN_DATA}, else {@code ./data}. */
  static Path dataRoot() {
    String root = System.getProperty("warden.data.root");
    if (root == null || root.isBlank()) {
      root = System.getenv("WARDEN_DATA");
    }
    return Path.of(root == null || root.isBlank() ? "data" : root).toAbsolutePath();
  }

  private static void fail(String message) {
    System.err.println("warden-server: " + message);
    System.exit(2);
  }
}
