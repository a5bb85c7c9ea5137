package io.warden.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/**
 * The disk's durable-commit limit, measured where the quorum keeps its data: {@code iterations}
 * times, write 4 KiB and {@code FileChannel.force(false)} (fdatasync) it. Every contended handoff
 * needs at least one durable Raft commit, so {@code 1 / p50} bounds the handoff rate on this disk.
 *
 * <p>The file is preallocated (zeros, forced with metadata) before the clock starts and then
 * overwritten block by block, as Ratis writes into preallocated log segments: an fdatasync then
 * flushes data only, not a growing file size.
 *
 * @param iterations timed write + fdatasync pairs
 * @param p50Nanos median latency of one pair
 * @param p99Nanos 99th percentile
 * @param maxNanos the slowest pair
 * @param fileSystem the file store's type ({@code ext4}, {@code tmpfs}, ...)
 */
public record FsyncProbe(int iterations, long p50Nanos, long p99Nanos, long maxNanos, String fileSystem) {
  /** The size of one write: one page, about what a lone Raft append of a small entry writes. */
  static final int BLOCK = 4096;

  /** Runs the probe in a temporary file inside {@code dir} (removed afterwards). */
  public static FsyncProbe run(Path dir, int iterations) throws IOException {
    if (iterations < 1) {
      throw new IllegalArgumentException("fdatasync iterations must be at least 1, was " + iterations);
    }
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, ".fsync-probe-", ".tmp");
    Histogram h = WorkerStats.newHistogram();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocateDirect(BLOCK);
      for (int i = 0; i < iterations; i++) {
        zeros.clear();
        ch.write(zeros, (long) i * BLOCK);
      }
      ch.force(true);
      ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
      for (int i = 0; i < iterations; i++) {
        block.clear();
        block.putLong(0, System.nanoTime()); // new bytes each time, so nothing can skip the write
        long t0 = System.nanoTime();
        ch.write(block, (long) i * BLOCK);
        ch.force(false);
        WorkerStats.record(h, System.nanoTime() - t0);
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return new FsyncProbe(iterations, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue(),
        Files.getFileStore(dir).type());
  }

  /** Durable commits per second the disk allows one after another: {@code 1 / p50}. */
  public double limitPerSecond() {
    return p50Nanos == 0 ? 0 : 1e9 / p50Nanos;
  }

  /** Puts {@code fdatasync_p50_ms}, {@code fdatasync_p99_ms} and {@code disk_limit_per_s}. */
  public ResultLine addTo(ResultLine line) {
    return line.put("fdatasync_p50_ms", ResultLine.ms(p50Nanos))
        .put("fdatasync_p99_ms", ResultLine.ms(p99Nanos))
        .put("disk_limit_per_s", ResultLine.round(limitPerSecond(), 1));
  }

  /** The {@code fsync} workload's own line. */
  public ResultLine line(RunSettings settings, Path dir) {
    ResultLine line = new ResultLine()
        .put("system", "warden")
        .put("workload", "fsync")
        .put("iterations", iterations)
        .put("block_bytes", BLOCK);
    addTo(line)
        .put("fdatasync_max_ms", ResultLine.ms(maxNanos))
        .put("dir", dir.toAbsolutePath().toString())
        .put("filesystem", fileSystem)
        .put("nproc", Runtime.getRuntime().availableProcessors());
    settings.finish(line);
    return line;
  }
}
