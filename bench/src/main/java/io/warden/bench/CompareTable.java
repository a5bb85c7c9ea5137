package io.warden.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --compare} table: one row per workload and figure, the value each system measured in
 * the same invocation, and Warden's value divided by the best peer's. "Best" depends on the
 * figure: the higher rate, the lower latency or error count. The ratio is always Warden / best
 * peer, so above 1 is better for a rate and below 1 is better for a latency; the {@code better}
 * column says which.
 */
public final class CompareTable {
  /** Which direction of a figure is better. */
  public enum Better {
    HIGHER("higher"),
    LOWER("lower");

    private final String label;

    Better(String label) {
      this.label = label;
    }

    /** The better of two values. */
    double best(double a, double b) {
      return this == HIGHER ? Math.max(a, b) : Math.min(a, b);
    }
  }

  /**
   * One row.
   *
   * @param workload the {@code workload} field of the lines it is read from
   * @param label the figure's name in the table
   * @param field the JSON field holding it
   * @param better which direction is better
   */
  public record Figure(String workload, String label, String field, Better better) {}

  /** The rows, in table order (within a workload; workloads come in the order they were run). */
  public static final List<Figure> FIGURES = List.of(
      new Figure("uncontended", "cycles/s", "cycles_per_s", Better.HIGHER),
      new Figure("uncontended", "acquire p50 ms", "acquire_p50_ms", Better.LOWER),
      new Figure("uncontended", "acquire p99 ms", "acquire_p99_ms", Better.LOWER),
      new Figure("uncontended", "cycle p50 ms", "cycle_p50_ms", Better.LOWER),
      new Figure("uncontended", "cycle p99 ms", "cycle_p99_ms", Better.LOWER),
      new Figure("uncontended", "cycle max ms", "max_ms", Better.LOWER),
      new Figure("contended", "handoffs/s", "handoffs_per_s", Better.HIGHER),
      new Figure("contended", "handoff p50 ms", "handoff_p50_ms", Better.LOWER),
      new Figure("contended", "handoff p99 ms", "handoff_p99_ms", Better.LOWER),
      new Figure("contended", "handoff max ms", "max_ms", Better.LOWER),
      new Figure("contended", "mutex violations", "mutex_violations", Better.LOWER),
      new Figure("failover", "gap ms", "gap_ms", Better.LOWER),
      new Figure("failover", "recovery ms", "recovery_ms", Better.LOWER),
      new Figure("failover", "per-client stall median ms", "stall_median_ms", Better.LOWER),
      new Figure("failover", "per-client stall max ms", "stall_max_ms", Better.LOWER),
      new Figure("failover", "errors", "errors", Better.LOWER),
      new Figure("failover", "cycles/s over the window", "cycles_per_s", Better.HIGHER));

  /** The columns after Warden's, in order, by the {@code system} field of their lines. */
  public static final List<String> PEERS = List.of("etcd", "zookeeper");

  private CompareTable() {}

  /**
   * The Markdown table for {@code workloads} (in that order) from the lines of one comparison;
   * a system without a line for a workload shows "–". {@code notes} (system → why it has no
   * values) follow the table, one line each.
   */
  public static String render(List<String> workloads, List<ResultLine> lines, Map<String, String> notes) {
    StringBuilder out = new StringBuilder();
    out.append("| workload | figure | better | warden");
    PEERS.forEach(p -> out.append(" | ").append(p));
    out.append(" | warden / best peer |\n|---|---|---|---");
    PEERS.forEach(p -> out.append("|---"));
    out.append("|---|\n");
    for (String workload : workloads) {
      Map<String, ResultLine> bySystem = lastBySystem(workload, lines);
      for (Figure f : FIGURES) {
        if (!f.workload().equals(workload)) {
          continue;
        }
        Double warden = value(bySystem.get("warden"), f);
        Map<String, Double> peers = new LinkedHashMap<>();
        PEERS.forEach(p -> peers.put(p, value(bySystem.get(p), f)));
        out.append("| ").append(workload).append(" | ").append(f.label()).append(" | ").append(f.better().label)
            .append(" | ").append(format(warden));
        peers.values().forEach(v -> out.append(" | ").append(format(v)));
        out.append(" | ").append(ratio(f.better(), warden, peers)).append(" |\n");
      }
    }
    notes.forEach((system, why) -> out.append('\n').append(system).append(": ").append(why));
    if (!notes.isEmpty()) {
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Warden's value over the best peer's, with that peer's name, e.g. {@code "2.41 (zookeeper)"};
   * "–" when Warden or every peer lacks the figure or the best is 0 (no ratio exists).
   */
  static String ratio(Better better, Double warden, Map<String, Double> peers) {
    String bestPeer = null;
    double best = 0;
    for (Map.Entry<String, Double> p : peers.entrySet()) {
      if (p.getValue() != null && (bestPeer == null || better.best(best, p.getValue()) != best)) {
        bestPeer = p.getKey();
        best = p.getValue();
      }
    }
    if (warden == null || bestPeer == null || best == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f (%s)", warden / best, bestPeer);
  }

  /** A figure's value as people read it: whole numbers without decimals, else 1 or 2 decimals. */
  static String format(Double v) {
    if (v == null) {
      return "–";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString(v.longValue());
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.2f", v);
  }

  private static Double value(ResultLine line, Figure f) {
    return line == null ? null : line.number(f.field());
  }

  /** Each system's last line of {@code workload} (a re-run replaces an earlier one). */
  private static Map<String, ResultLine> lastBySystem(String workload, List<ResultLine> lines) {
    Map<String, ResultLine> by = new LinkedHashMap<>();
    for (ResultLine line : lines) {
      if (workload.equals(line.get("workload")) && line.get("system") instanceof String system) {
        by.put(system, line);
      }
    }
    return by;
  }
}
