package io.warden.chaos.check;

/**
 * Something the history shows that must not happen.
 *
 * @param kind a short stable name: {@code overlap}, {@code token-order}, {@code duplicate-token},
 *     {@code register-regression}, {@code register-wrong-reject}, {@code write-without-grant},
 *     {@code write-after-newer-grant}, {@code valid-holder-fenced-out}, {@code lost-release},
 *     {@code lost-grant}, {@code phantom-holder}, {@code slow-recovery}, {@code no-recovery},
 *     {@code clock}; for partitions {@code overlap}, {@code token-order}, {@code duplicate-token}
 *     and {@code lost-acquire}
 * @param lock the lock concerned, or null
 * @param partition the partition concerned, or null
 * @param message what happened, with the processes, sessions, tokens and times (seconds since the
 *     start of the history) needed to find the events
 */
public record Anomaly(String kind, String lock, Integer partition, String message) {
  /** An anomaly of a lock (or of nothing in particular, with a null lock). */
  public Anomaly(String kind, String lock, String message) {
    this(kind, lock, null, message);
  }

  /** An anomaly of a partition's ownership. */
  static Anomaly ofPartition(String kind, int partition, String message) {
    return new Anomaly(kind, null, partition, message);
  }

  @Override
  public String toString() {
    String subject = lock != null ? " [" + lock + "]"
        : partition != null ? " [partition " + partition + "]" : "";
    return kind + subject + ": " + message;
  }
}
