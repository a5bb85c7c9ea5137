package io.warden.bench;

import io.warden.client.WardenClient;
import io.warden.client.WardenSession;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code session-create} (Warden only): C threads (default 16) each loop {@code s = now;
 * createSession(ttl); c = now; close(); e = now}: two Raft writes per cycle, like an uncontended
 * lock cycle, so the two rates can be read side by side. A cycle counts iff {@code s} and {@code e}
 * lie in the window; {@code create_p*} is {@code c - s}, {@code cycle_p*} is {@code e - s}.
 * Closing keeps the number of live sessions (and so the keepalive load) constant.
 */
public final class SessionCreateWorkload {
  private final RunSettings settings;
  private final Connections connections;
  private final Supplier<List<Long>> serverPids;

  /** The workload with {@code settings}, its clients from {@code connections}. */
  public SessionCreateWorkload(RunSettings settings, Connections connections, Supplier<List<Long>> serverPids) {
    this.settings = settings;
    this.connections = connections;
    this.serverPids = serverPids;
  }

  /** Runs the workload and returns its result line. */
  public ResultLine run() throws Exception {
    WardenClient[] clients = new WardenClient[settings.clients()];
    WorkerRun run = new WorkerRun(settings.clients(), settings.warmup(), settings.duration(), serverPids);
    WorkerRun.Outcome o = run.run(
        id -> {
          clients[id] = connections.forThread(id);
          // One create+close before T0, so the (lazy) connections exist when the clock starts.
          clients[id].createSession(settings.sessionTtl(), "warden-bench/create/" + id).close();
        },
        (id, st) -> loop(run, clients[id], id, st),
        null);
    WorkerStats all = o.merged();
    double secs = o.window().seconds();
    ResultLine line = settings.head("session-create")
        .put("cycles", all.cycles)
        .put("cycles_per_s", ResultLine.round(all.cycles / secs, 1))
        .put("creates_per_s", ResultLine.round(all.cycles / secs, 1))
        .percentiles("create", all.acquire, true)
        .percentiles("cycle", all.cycle, false)
        .put("max_ms", ResultLine.ms(all.cycle.getMaxValue()));
    settings.tail(line, all.errors, 0);
    CpuSample.report(o.start(), null, o.end(), line);
    settings.finish(line);
    return line;
  }

  private void loop(WorkerRun run, WardenClient client, int id, WorkerStats st) {
    Window w = run.window();
    String owner = "warden-bench/create/" + id;
    while (!run.stopped()) {
      long s = System.nanoTime();
      try {
        WardenSession session = client.createSession(settings.sessionTtl(), owner);
        long c = System.nanoTime();
        session.close();
        long e = System.nanoTime();
        if (w.countsCycle(s, e)) {
          WorkerStats.record(st.acquire, c - s);
          WorkerStats.record(st.cycle, e - s);
          st.cycles++;
        }
      } catch (RuntimeException ex) {
        run.error(st, ex);
      }
    }
  }
}
