package io.warden.client.lock;

/** A session whose validity the test decides. */
final class TestSession implements SessionView {
  private final long id;
  private volatile boolean valid = true;
  private volatile long deadlineNanos = System.nanoTime() + 60_000_000_000L;

  TestSession(long id) {
    this.id = id;
  }

  void invalidate() {
    valid = false;
  }

  void deadline(long nanos) {
    deadlineNanos = nanos;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }
}
