package io.warden.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What every workload of one invocation shares: thread count, windows, deadlines, connection
 * mode, endpoints and label.
 *
 * @param clients worker threads (C)
 * @param warmup W
 * @param duration D, the measured window
 * @param opTimeout the per-call deadline (the client's request timeout, and acquire's timeout)
 * @param sessionTtl every session's TTL
 * @param conn whether threads share one {@code WardenClient}
 * @param endpoints the cluster's client endpoints, comma separated
 * @param label free text copied into the result line
 */
public record RunSettings(
    int clients,
    Duration warmup,
    Duration duration,
    Duration opTimeout,
    Duration sessionTtl,
    Connections.Mode conn,
    String endpoints,
    String label) {

  /** A copy with another thread count and measured window. */
  public RunSettings with(int clients, Duration duration) {
    return new RunSettings(clients, warmup, duration, opTimeout, sessionTtl, conn, endpoints, label);
  }

  /** The first fields of every line, in the peers' order. */
  public ResultLine head(String workload) {
    return new ResultLine()
        .put("system", "warden")
        .put("workload", workload)
        .put("clients", clients)
        .put("conn", conn.label())
        .put("duration_s", seconds(duration));
  }

  /** The closing fields before the CPU figures, in the peers' order. */
  public void tail(ResultLine line, long errors, long sessionsLost) {
    line.put("errors", errors)
        .put("sessions_lost", sessionsLost)
        .put("warmup_s", seconds(warmup))
        .put("op_timeout_ms", opTimeout.toMillis())
        .put("session_timeout_ms", sessionTtl.toMillis())
        .put("nproc", Runtime.getRuntime().availableProcessors());
  }

  /** The last fields: the end-of-run time stamp (UTC) and the label. */
  public void finish(ResultLine line) {
    line.put("ts", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    if (label != null && !label.isEmpty()) {
      line.put("label", label);
    }
  }

  /** Whole seconds as an integer (as the peers print them), otherwise with 3 decimals. */
  public static Number seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? (Number) d.toSeconds() : ResultLine.round(d.toMillis() / 1e3, 3);
  }
}
