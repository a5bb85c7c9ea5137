package io.warden.client.transport;

import io.warden.client.WardenException;
import java.util.concurrent.ScheduledExecutorService;

/** What a {@link Call} needs from the transport that runs it. */
interface CallContext {

  long nanoTime();

  /** Runs retries, backoffs and timers; single-threaded, never an event loop. */
  ScheduledExecutorService timer();

  LeaderTracker leaders();

  ConnectionPool connections();

  /**
   * How long an attempt may go without any frame on its connection before the connection is
   * dropped.
   */
  long stallTimeoutNanos();

  int endpointCount();

  String describeEndpoints();

  /** Runs {@code completion} off the event loops and the timer thread, where user code may run. */
  void complete(Runnable completion);

  /** Tells failure observers of a final failure; runs just before the caller hears of it. */
  void onFailure(Call call, WardenException error);

  /** The call has finished; stop routing its responses. */
  void forget(Call call);
}
