package io.warden.chaos.check;

import io.warden.chaos.history.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lock half of a history, indexed for the checks: grants with their observations, writes with
 * the register's decisions, reads, acquires of unknown outcome, faults and heals.
 */
final class LockHistory {
  static final String REGISTER = "register";
  static final String NEMESIS = "nemesis";
  static final String OBSERVER = "observer";

  /** A write by a worker and what the register made of it. */
  static final class Write {
    final String proc;
    final long op;
    final String lock;
    final long token;
    final long invokeT;
    final long deadline;
    final boolean valid;
    Long doneT;
    String outcome;
    Event register;

    Write(Event invoke) {
      this.proc = invoke.proc();
      this.op = invoke.op();
      this.lock = invoke.lock();
      this.token = invoke.token();
      this.invokeT = invoke.t();
      this.deadline = invoke.deadline() == null ? invoke.t() : invoke.deadline();
      this.valid = Boolean.TRUE.equals(invoke.valid());
    }

    /** Whether the register received it while its writer's lease, as seen at the invoke, held. */
    boolean withinLease() {
      return register != null && valid && deadline - register.t() > 0;
    }
  }

  /** A linearizable read of lock state by the observer. */
  record Read(long invokeT, long okT, String lock, List<Event.Holder> holders) {}

  /** An acquire that was invoked, whatever its outcome. */
  record Attempt(String proc, long session, String lock, long invokeT, String outcome) {}

  final List<Event> events;
  final long origin;
  final List<Grant> grants = new ArrayList<>();
  final List<Write> writes = new ArrayList<>();
  final List<Event> registerEvents = new ArrayList<>();
  final List<Read> reads = new ArrayList<>();
  final List<Attempt> attempts = new ArrayList<>();
  final List<Event> faults = new ArrayList<>();
  final List<Event> heals = new ArrayList<>();
  final Set<String> locks = new TreeSet<>();
  final Map<String, Integer> counts = new HashMap<>();
  int ops;

  LockHistory(List<Event> events) {
    this.events = events;
    this.origin = events.isEmpty() ? 0 : events.get(0).t();
    index();
  }

  Times times() {
    return new Times(origin);
  }

  private void index() {
    Map<String, Event> invokes = new HashMap<>();
    Map<String, Grant> grantOf = new HashMap<>(); // proc|lock|token|session -> latest grant
    Map<String, Write> writeOf = new HashMap<>(); // proc|op
    Map<String, Grant> releasing = new HashMap<>(); // proc|op
    Map<String, Attempt> attemptOf = new HashMap<>();
    for (Event e : events) {
      String proc = e.proc();
      if (REGISTER.equals(proc)) {
        if ("write".equals(e.f())) {
          registerEvents.add(e);
        }
        continue;
      }
      if (NEMESIS.equals(proc)) {
        if ("fault".equals(e.f())) {
          faults.add(e);
        } else if ("heal".equals(e.f())) {
          heals.add(e);
        }
        continue;
      }
      if (e.lock() != null) {
        locks.add(e.lock());
      }
      if (e.holders() != null) {
        e.holders().forEach(h -> locks.add(h.lock()));
      }
      if (e.op() == null) {
        continue;
      }
      String key = proc + "|" + e.op();
      if (e.isInvoke()) {
        ops++;
        invokes.put(key, e);
        switch (e.f()) {
          case "write" -> {
            Write w = new Write(e);
            writes.add(w);
            writeOf.put(key, w);
            Grant g = grantOf.get(grantKey(proc, e.lock(), e.token(), e.session()));
            if (g != null) {
              g.observations.add(new Grant.Observation(e.t(), w.deadline, w.valid));
            }
          }
          case "release" -> {
            Grant g = grantOf.get(grantKey(proc, e.lock(), e.token(), e.session()));
            if (g != null) {
              g.releaseInvokeT = e.t();
              g.releaseDeadline = e.deadline() == null ? e.t() : e.deadline();
              boolean valid = Boolean.TRUE.equals(e.valid());
              g.observations.add(new Grant.Observation(e.t(), g.releaseDeadline, valid));
              releasing.put(key, g);
            }
          }
          case "acquire" -> attemptOf.put(key,
              new Attempt(proc, e.session() == null ? -1 : e.session(), e.lock(), e.t(), null));
          default -> { }
        }
        continue;
      }
      Event invoke = invokes.remove(key);
      if (invoke == null) {
        continue; // a completion without its invoke: nothing to pair it with
      }
      count(e.f() + "." + e.type());
      switch (e.f()) {
        case "acquire" -> {
          Attempt a = attemptOf.remove(key);
          if (a != null) {
            attempts.add(new Attempt(a.proc(), a.session(), a.lock(), a.invokeT(), e.type()));
          }
          if (e.isOk()) {
            Grant g = new Grant(proc, e.session(), e.lock(), e.token(), e.t(),
                e.deadline() == null ? e.t() : e.deadline(), !Boolean.FALSE.equals(e.valid()));
            grants.add(g);
            grantOf.put(grantKey(proc, e.lock(), e.token(), e.session()), g);
          }
        }
        case "write" -> {
          Write w = writeOf.get(key);
          if (w != null) {
            w.doneT = e.t();
            w.outcome = e.type();
          }
        }
        case "release" -> {
          Grant g = releasing.remove(key);
          if (g != null) {
            g.releaseOutcome = e.type();
            g.releaseDoneT = e.t();
          }
        }
        case "read" -> {
          if (e.isOk()) {
            reads.add(new Read(invoke.t(), e.t(), invoke.lock(),
                e.holders() == null ? List.of() : e.holders()));
          }
        }
        default -> { }
      }
    }
    // Joined afterwards: with clocks that disagree, the register's event may sort before the
    // write's invoke, and the check of the clock must still see it.
    for (Event e : registerEvents) {
      Write w = writeOf.get(e.client() + "|" + e.clientOp());
      if (w != null) {
        w.register = e;
      }
    }
    // Operations never completed: outcome unknown.
    for (Map.Entry<String, Event> open : invokes.entrySet()) {
      Event e = open.getValue();
      count(e.f() + ".open");
      if ("acquire".equals(e.f())) {
        attempts.add(new Attempt(e.proc(), e.session() == null ? -1 : e.session(), e.lock(), e.t(),
            null));
      }
    }
  }

  private void count(String what) {
    counts.merge(what, 1, Integer::sum);
  }

  int count(String f, String type) {
    return counts.getOrDefault(f + "." + type, 0);
  }

  private static String grantKey(String proc, String lock, Long token, Long session) {
    return proc + "|" + lock + "|" + token + "|" + session;
  }
}
