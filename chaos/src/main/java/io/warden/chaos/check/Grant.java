package io.warden.chaos.check;

import java.util.ArrayList;
import java.util.List;

/**
 * One acknowledged grant of a lock to a worker, or of a partition to a data node, with what the
 * holder observed about it afterwards: its lease deadline and validity at each write (locks) or
 * lease report (partitions), and at the release. Built by {@link LockHistory} and {@link
 * OwnershipHistory}; for a partition, {@link #lock} is a key naming it and {@link #partition} is
 * set.
 */
final class Grant {
  /** A moment at which the worker looked at its grant. */
  record Observation(long t, long deadline, boolean valid) {}

  final String proc;
  final long session;
  final String lock;
  /** The partition, or null for a lock. */
  final Integer partition;
  final long token;
  final long okT;
  final List<Observation> observations = new ArrayList<>();
  Long releaseInvokeT;
  Long releaseDeadline;
  /** {@code ok}, {@code fail}, {@code info}, or null if the release never completed. */
  String releaseOutcome;
  Long releaseDoneT;

  Grant(String proc, long session, String lock, long token, long okT, long deadline, boolean valid) {
    this(proc, session, lock, null, token, okT, deadline, valid);
  }

  private Grant(String proc, long session, String lock, Integer partition, long token, long okT,
      long deadline, boolean valid) {
    this.proc = proc;
    this.session = session;
    this.lock = lock;
    this.partition = partition;
    this.token = token;
    this.okT = okT;
    observations.add(new Observation(okT, deadline, valid));
  }

  /** A grant of {@code partition} to data node {@code proc}. */
  static Grant ofPartition(String proc, long session, int partition, long token, long okT,
      long deadline, boolean valid) {
    return new Grant(proc, session, "partition " + partition, partition, token, okT, deadline,
        valid);
  }

  /** An anomaly about this grant's lock or partition. */
  Anomaly anomaly(String kind, String message) {
    return partition == null ? new Anomaly(kind, lock, message)
        : Anomaly.ofPartition(kind, partition, message);
  }

  /**
   * The end of the validity interval: the release's invocation, or the lease deadline as the worker
   * last saw it if that came first. Without a release, the last deadline seen (an underestimate:
   * the checker may miss an overlap there, never invent one).
   */
  long end() {
    Observation last = observations.get(observations.size() - 1);
    if (releaseInvokeT != null) {
      return Math.min(releaseInvokeT, releaseDeadline);
    }
    return last.deadline();
  }

  boolean hasInterval() {
    return end() - okT > 0;
  }

  /** Whether the worker saw the grant valid at some moment at or after {@code t}. */
  boolean seenValidAtOrAfter(long t) {
    for (Observation o : observations) {
      if (o.t() - t >= 0 && o.valid() && o.deadline() - o.t() > 0) {
        return true;
      }
    }
    return false;
  }

  boolean sameGrant(Grant other) {
    return session == other.session && token == other.token && lock.equals(other.lock);
  }

  String describe(Times times) {
    return String.format("%s (session %d, token %d, valid %s–%s)", proc, session, token,
        times.s(okT), times.s(end()));
  }
}
