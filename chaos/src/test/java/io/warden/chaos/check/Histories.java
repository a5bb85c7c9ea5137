package io.warden.chaos.check;

import io.warden.chaos.history.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hand-made histories for the checker's tests. Times are given in seconds from the start; a
 * worker's operations take the times given, so a test states exactly the interleaving it means.
 */
final class Histories {
  private static final long ORIGIN = 1_000_000_000_000L;
  private final List<Event> events = new ArrayList<>();
  private long nextOp = 1;

  static long at(double seconds) {
    return ORIGIN + Math.round(seconds * 1e9);
  }

  List<Event> events() {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(Event::t));
    return sorted;
  }

  /** Run start: the first event, so that times print as given. */
  Histories start() {
    events.add(Event.at(at(0), "nemesis").type("info").f("start").build());
    return this;
  }

  /** An acquire by {@code proc} invoked at {@code invoke}, granted at {@code ok}. */
  Histories grant(String proc, String lock, long session, long token, double invoke, double ok,
      double deadline) {
    long op = nextOp++;
    events.add(Event.at(at(invoke), proc).type("invoke").f("acquire").op(op).lock(lock)
        .session(session).build());
    events.add(Event.at(at(ok), proc).type("ok").f("acquire").op(op).lock(lock).session(session)
        .token(token).deadline(at(deadline)).valid(ok < deadline).build());
    return this;
  }

  /** An acquire whose outcome stayed unknown. */
  Histories unknownAcquire(String proc, String lock, long session, double invoke, double done) {
    long op = nextOp++;
    events.add(Event.at(at(invoke), proc).type("invoke").f("acquire").op(op).lock(lock)
        .session(session).build());
    events.add(Event.at(at(done), proc).type("info").f("acquire").op(op).lock(lock)
        .session(session).error("timeout").build());
    return this;
  }

  /**
   * A write invoked at {@code invoke} with the lease deadline {@code deadline}, received by the
   * register at {@code reg} and accepted or not, completed at {@code done}.
   */
  Histories write(String proc, String lock, long session, long token, double invoke,
      double deadline, double reg, boolean accepted, long highest, double done) {
    long op = nextOp++;
    events.add(Event.at(at(invoke), proc).type("invoke").f("write").op(op).lock(lock)
        .session(session).token(token).deadline(at(deadline)).valid(invoke < deadline).build());
    events.add(Event.at(at(reg), "register").type(accepted ? "ok" : "fail").f("write").lock(lock)
        .token(token).client(proc).clientOp(op).highest(highest).build());
    events.add(Event.at(at(done), proc).type(accepted ? "ok" : "fail").f("write").op(op)
        .lock(lock).session(session).token(token).regT(at(reg)).build());
    return this;
  }

  Histories release(String proc, String lock, long session, long token, double invoke,
      double deadline, String outcome, double done) {
    long op = nextOp++;
    events.add(Event.at(at(invoke), proc).type("invoke").f("release").op(op).lock(lock)
        .session(session).token(token).deadline(at(deadline)).valid(invoke < deadline).build());
    events.add(Event.at(at(done), proc).type(outcome).f("release").op(op).lock(lock)
        .session(session).token(token).build());
    return this;
  }

  /** A describeLock read by the observer. */
  Histories read(String lock, double invoke, double ok, Event.Holder... holders) {
    long op = nextOp++;
    events.add(Event.at(at(invoke), "observer").type("invoke").f("read").op(op).lock(lock).build());
    events.add(Event.at(at(ok), "observer").type("ok").f("read").op(op).lock(lock)
        .holders(List.of(holders)).build());
    return this;
  }

  /** Data node {@code node} starts acting as the owner of {@code partition} at {@code t}. */
  Histories owns(String node, long session, int partition, long token, double t, double deadline) {
    events.add(ownership("acquire", node, session, partition, token, t, deadline));
    return this;
  }

  /** Data node {@code node} stops acting as the owner at {@code t} (before it acknowledges). */
  Histories disowns(String node, long session, int partition, long token, double t,
      double deadline) {
    events.add(ownership("release", node, session, partition, token, t, deadline));
    return this;
  }

  /** Data node {@code node} reports its session's lease deadline at {@code t}. */
  Histories lease(String node, long session, double t, double deadline) {
    events.add(Event.at(at(t), node).type("ok").f("lease").session(session).deadline(at(deadline))
        .valid(t < deadline).build());
    return this;
  }

  /** A linearizable read of the ring by the observer. */
  Histories ring(double invoke, double ok, Event.Owner... owners) {
    long op = nextOp++;
    events.add(Event.at(at(invoke), "observer").type("invoke").f("ring").op(op).build());
    events.add(Event.at(at(ok), "observer").type("ok").f("ring").op(op).owners(List.of(owners))
        .build());
    return this;
  }

  private static Event ownership(String f, String node, long session, int partition, long token,
      double t, double deadline) {
    return Event.at(at(t), node).type("ok").f(f).partition(partition).token(token)
        .session(session).deadline(at(deadline)).valid(t < deadline).build();
  }

  Histories fault(String kind, double t) {
    events.add(Event.at(at(t), "nemesis").type("info").f("fault").fault(kind).detail(kind).build());
    return this;
  }

  Histories heal(double t) {
    events.add(Event.at(at(t), "nemesis").type("info").f("heal").detail("heal").build());
    return this;
  }
}
