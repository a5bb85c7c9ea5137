package io.warden.client.transport;

/** A registration that {@link #close()} cancels. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Stops the deliveries this subscription stands for. */
  @Override
  void close();
}
