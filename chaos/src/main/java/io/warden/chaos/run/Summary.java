package io.warden.chaos.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warden.chaos.check.Anomaly;
import io.warden.chaos.check.CheckReport;
import io.warden.chaos.check.Recovery;
import io.warden.chaos.nemesis.FaultKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The human summary and the JSON result line of a run. */
final class Summary {
  static final String NOT_INJECTED = "not injected: fixed delays and reordering (tc netem: this"
      + " kernel has no netem qdisc; 'netem' faults are slow links by a tbf rate limit and lossy"
      + " links by iptables random drops) and clock steps";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN = 20;

  private Summary() {}

  static List<String> lines(RunOptions options, String runId, Path runDir, Path history,
      CheckReport report, String error, List<String> warnings) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("warden-chaos result, run " + runId + " (seed " + options.seed() + ", replay with"
        + " --seed " + options.seed() + " --duration " + duration(options.duration()) + " --faults "
        + String.join(",", options.faults().stream().map(FaultKind::label).toList())
        + " --clients " + options.clients() + " --locks " + options.locks() + " --data-nodes "
        + options.dataNodes() + " --partitions " + options.partitions() + " --ttl "
        + duration(options.ttl()) + ")");
    if (error != null) {
      lines.add("  THE RUN FAILED: " + error);
    }
    if (report != null) {
      lines.addAll(reportLines(report, options.recoveryBound()));
    }
    for (String warning : warnings) {
      lines.add("  warning: " + warning);
    }
    lines.add("  " + NOT_INJECTED);
    lines.add("  history: " + history);
    lines.add("  logs: " + runDir + " (servers: data/<id>/server.log; clients: c<i>.log; data"
        + " nodes: d<i>.log)");
    return lines;
  }

  /** The checker's findings, for a run or for {@code warden-chaos check}. */
  static List<String> reportLines(CheckReport report, Duration bound) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("  operations: %d invoked; acquires %d granted, %d timed out or"
            + " refused, %d unknown; writes %d accepted, %d fenced; releases %d ok, %d failed,"
            + " %d unknown; %d linearizable reads", report.ops(), report.count("acquire", "ok"),
        report.count("acquire", "fail"), report.count("acquire", "info")
            + report.count("acquire", "open"), report.count("write", "ok"),
        report.count("write", "fail"), report.count("release", "ok"),
        report.count("release", "fail"), report.count("release", "info")
            + report.count("release", "open"), report.reads()));
    lines.add(String.format("  partition ownership: %d acquires, %d releases; data nodes joined %d"
            + " times, left %d times (%d joins and %d leaves unfinished or refused); %d"
            + " linearizable ring reads", report.count("partition", "acquire"),
        report.count("partition", "release"), report.count("join", "ok"),
        report.count("leave", "ok"), report.count("join", "info") + report.count("join", "open"),
        report.count("leave", "info") + report.count("leave", "open"), report.ringReads()));
    lines.add(String.format("  writes sent after the writer's lease had run out: %d fenced by"
            + " the register, %d accepted before the next holder wrote (what tokens allow)",
        report.lateWritesFenced(), report.lateWritesAccepted()));
    lines.add("  faults: " + faultCounts(report));
    long measured = report.recoveries().stream().filter(r -> !r.censored()).count();
    String longest = report.longestRecoveryNanos().isPresent()
        ? millis(report.longestRecoveryNanos().getAsLong()) : "-";
    String last = report.recoveries().isEmpty() ? "-"
        : lastRecovery(report.recoveries().get(report.recoveries().size() - 1));
    lines.add(String.format("  recovery after a heal (every lock acquired again): longest %s"
            + " (bound %s), after the last heal %s; %d of %d heals measured, the rest cut short"
            + " by the next fault", longest, duration(bound), last, measured,
        report.recoveries().size()));
    if (report.anomalies().isEmpty()) {
      lines.add("  anomalies: none");
    } else {
      lines.add("  ANOMALIES: " + report.anomalies().size());
      report.anomalies().stream().limit(SHOWN).forEach(a -> lines.add("    " + a));
      if (report.anomalies().size() > SHOWN) {
        lines.add("    ... and " + (report.anomalies().size() - SHOWN) + " more (see the JSON)");
      }
    }
    return lines;
  }

  static String json(RunOptions options, String runId, Path history, CheckReport report,
      String error) {
    ObjectNode result = json(options.seed(), history, report);
    result.put("run", runId);
    result.put("duration_s", options.duration().toSeconds());
    if (report != null && report.longestRecoveryNanos().isPresent()) {
      result.put("longest_recovery_ms", report.longestRecoveryNanos().getAsLong() / 1_000_000);
    }
    result.put("recovery_bound_ms", options.recoveryBound().toMillis());
    if (error != null) {
      result.put("error", error);
    }
    return result.toString();
  }

  /** The result object's common part: seed (null if unknown), ops, faults, anomalies, history. */
  static ObjectNode json(Long seed, Path history, CheckReport report) {
    ObjectNode result = JSON.createObjectNode();
    if (seed == null) {
      result.putNull("seed");
    } else {
      result.put("seed", seed);
    }
    result.put("ops", report == null ? 0 : report.ops());
    ObjectNode faults = result.putObject("faults");
    for (FaultKind kind : FaultKind.values()) {
      faults.put(kind.label(), report == null ? 0 : report.faults().getOrDefault(kind.label(), 0));
    }
    if (report == null || report.anomalies().isEmpty()) {
      result.put("anomalies", 0);
    } else {
      ArrayNode anomalies = result.putArray("anomalies");
      for (Anomaly a : report.anomalies()) {
        ObjectNode node = anomalies.addObject();
        node.put("kind", a.kind());
        if (a.lock() != null) {
          node.put("lock", a.lock());
        }
        if (a.partition() != null) {
          node.put("partition", a.partition());
        }
        node.put("message", a.message());
      }
    }
    result.put("history", history.toString());
    return result;
  }

  private static String faultCounts(CheckReport report) {
    List<String> parts = new ArrayList<>();
    for (FaultKind kind : FaultKind.values()) {
      parts.add(kind.label() + " " + report.faults().getOrDefault(kind.label(), 0));
    }
    return String.join(", ", parts);
  }

  private static String lastRecovery(Recovery r) {
    return r.censored() ? "not measured" : millis(r.nanos());
  }

  private static String millis(long nanos) {
    return String.format("%.2f s", nanos / 1e9);
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
