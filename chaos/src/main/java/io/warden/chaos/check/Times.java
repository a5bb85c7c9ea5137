package io.warden.chaos.check;

/** Formats monotonic times as seconds since the start of the history, for messages. */
record Times(long origin) {
  String s(long t) {
    return String.format("%.3fs", (t - origin) / 1e9);
  }

  static String ms(long nanos) {
    return String.format("%.0f ms", nanos / 1e6);
  }
}
