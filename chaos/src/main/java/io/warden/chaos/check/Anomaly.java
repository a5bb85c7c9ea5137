package io.warden.chaos.check;

/**
 * Something the history shows that must not happen.
 *
 * @param kind a short stable name: {@code overlap}, {@code token-order}, {@code duplicate-token},
 *     {@code register-regression}, {@code register-wrong-reject}, {@code write-without-grant},
 *     {@code write-after-newer-grant}, {@code valid-holder-fenced-out}, {@code lost-release},
 *     {@code lost-grant}, {@code phantom-holder}, {@code slow-recovery}, {@code no-recovery},
 *     {@code clock}
 * @param lock the lock concerned, or null
 * @param message what happened, with the processes, sessions, tokens and times (seconds since the
 *     start of the history) needed to find the events
 */
public record Anomaly(String kind, String lock, String message) {
  @Override
  public String toString() {
    return kind + (lock == null ? "" : " [" + lock + "]") + ": " + message;
  }
}
