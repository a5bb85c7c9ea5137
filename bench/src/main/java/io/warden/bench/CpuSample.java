package io.warden.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reading of {@code /proc} (Linux) for the CPU figures of WORKLOADS.md: the machine's busy
 * ticks, each server process's ticks, and this JVM's. Two readings (three around a kill) give
 * {@code cpu_servers}, {@code cpu_harness} and {@code cpu_foreign} as average cores busy; foreign
 * is everything else on the machine plus hypervisor steal, the noise indicator.
 *
 * <p>Warden's lines also carry {@code cpu_servers_jit}: the part of {@code cpu_servers} spent in
 * the servers' JIT compiler threads. Three JVMs warming up on two cores compile for minutes, and
 * after the workloads' 30 s of priming that can be half of what the servers use (BENCHMARKS.md).
 *
 * @param nanos when it was taken
 * @param machineBusyTicks user + nice + system + irq + softirq + steal of {@code /proc/stat}
 * @param serverTicks utime + stime per server pid that was alive
 * @param serverJitTicks utime + stime of each such server's JIT compiler threads
 * @param selfTicks utime + stime of this JVM
 */
public record CpuSample(
    long nanos, long machineBusyTicks, Map<Long, Long> serverTicks, Map<Long, Long> serverJitTicks, long selfTicks) {
  /** USER_HZ: the unit of the tick counts in {@code /proc}; 100 on every Linux we run on. */
  static final double TICKS_PER_SECOND = 100.0;

  /** Reads {@code /proc} now; {@code null} where it cannot be read (not Linux). */
  public static CpuSample take(Collection<Long> serverPids) {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      // cpu user nice system idle iowait irq softirq steal: idle and iowait are not busy.
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      Map<Long, Long> servers = new LinkedHashMap<>();
      Map<Long, Long> jit = new LinkedHashMap<>();
      for (long pid : serverPids) {
        long t = processTicks(Long.toString(pid));
        if (t >= 0) {
          servers.put(pid, t);
          jit.put(pid, compilerTicks(pid));
        }
      }
      return new CpuSample(System.nanoTime(), busy, servers, jit, processTicks("self"));
    } catch (Exception e) {
      return null;
    }
  }

  /** utime + stime of a process ({@code "self"} for this one), or -1 if it is gone. */
  public static long processTicks(String pid) {
    try {
      return ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
    } catch (Exception e) {
      return -1;
    }
  }

  /** utime + stime of a {@code /proc/.../stat} line. */
  private static long ticksOf(String stat) {
    // The command name in parentheses may contain spaces; fields are counted after it.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * utime + stime of a JVM's JIT compiler threads: HotSpot names them "C1 CompilerThreadN" and
   * "C2 CompilerThreadN", which the kernel's 15-character thread names keep as "C1/C2 CompilerThre".
   */
  static long compilerTicks(long pid) {
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        try {
          if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
            ticks += Math.max(0, ticksOf(Files.readString(task.resolve("stat"))));
          }
        } catch (IOException e) {
          // The thread ended between listing and reading: its ticks are no longer anyone's.
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks;
  }

  /** Average cores a process used between two tick readings {@code seconds} apart. */
  public static double cores(long ticksBefore, long ticksAfter, double seconds) {
    return Math.max(0, ticksAfter - ticksBefore) / TICKS_PER_SECOND / seconds;
  }

  /**
   * Puts {@code cpu_servers}, {@code cpu_servers_jit}, {@code cpu_harness} and {@code cpu_foreign}
   * for the interval from {@code a} to {@code b}. {@code beforeKill} (or {@code null}) was taken just
   * before a server was killed: the killed server's ticks are counted up to then.
   */
  public static void report(CpuSample a, CpuSample beforeKill, CpuSample b, ResultLine out) {
    if (a == null || b == null) {
      return;
    }
    double secs = (b.nanos - a.nanos) / 1e9;
    long servers = serverDelta(a.serverTicks, beforeKill == null ? null : beforeKill.serverTicks, b.serverTicks);
    long jit = serverDelta(a.serverJitTicks, beforeKill == null ? null : beforeKill.serverJitTicks, b.serverJitTicks);
    double total = (b.machineBusyTicks - a.machineBusyTicks) / TICKS_PER_SECOND / secs;
    double srv = servers / TICKS_PER_SECOND / secs;
    double self = (b.selfTicks - a.selfTicks) / TICKS_PER_SECOND / secs;
    out.put("cpu_servers", a.serverTicks.isEmpty() ? null : ResultLine.round(srv, 2));
    out.put("cpu_servers_jit", a.serverTicks.isEmpty() ? null : ResultLine.round(jit / TICKS_PER_SECOND / secs, 2));
    out.put("cpu_harness", ResultLine.round(self, 2));
    out.put("cpu_foreign", ResultLine.round(Math.max(0, total - srv - self), 2));
  }

  /** Ticks the servers alive at the start used until the end, or until {@code beforeKill} for one killed. */
  private static long serverDelta(Map<Long, Long> first, Map<Long, Long> beforeKill, Map<Long, Long> last) {
    long ticks = 0;
    for (Map.Entry<Long, Long> e : first.entrySet()) {
      Long end = last.get(e.getKey());
      if (end == null && beforeKill != null) {
        end = beforeKill.get(e.getKey());
      }
      if (end != null) {
        ticks += Math.max(0, end - e.getValue());
      }
    }
    return ticks;
  }
}
