package io.warden.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits for the client's futures on behalf of its blocking methods. */
final class Blocking {

  private Blocking() {}

  /**
   * The future's value; its {@link WardenException} (or other unchecked exception) is rethrown as
   * is. Every future the transport hands out completes by its deadline, so this never waits
   * forever.
   *
   * @param what for the message if the wait is interrupted, e.g. "CreateSession"
   */
  static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WardenInterruptedException(
          "interrupted while waiting for "
              + what
              + "; if it was a write, it may or may not have been applied",
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(what + " failed", cause);
    }
  }
}
