package io.warden.client.transport;

import io.netty.bootstrap.Bootstrap;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.HelloReply;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * At most one live connection per server endpoint, opened on first use and reopened after it
 * closes. Requests that want the same endpoint while it is connecting share the one attempt.
 */
final class ConnectionPool {
  private final Bootstrap bootstrap;
  private final Executor resolver;
  private final Supplier<ClientMessage> helloFactory;
  private final long handshakeTimeoutNanos;
  private final Connection.Listener listener;
  private final BiConsumer<Endpoint, HelloReply> helloObserver;
  private final ConcurrentHashMap<Endpoint, CompletableFuture<Connection>> connections =
      new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param bootstrap configured with event loop group, channel type and options; cloned per
   *     connection
   * @param resolver runs host name lookups, which block, so never on an event loop
   * @param helloFactory builds each connection's Hello, with a fresh request id and resume index
   * @param helloObserver told of every Hello reply (leader discovery)
   */
  ConnectionPool(
      Bootstrap bootstrap,
      Executor resolver,
      Supplier<ClientMessage> helloFactory,
      long handshakeTimeoutNanos,
      Connection.Listener listener,
      BiConsumer<Endpoint, HelloReply> helloObserver) {
    this.bootstrap = bootstrap;
    this.resolver = resolver;
    this.helloFactory = helloFactory;
    this.handshakeTimeoutNanos = handshakeTimeoutNanos;
    this.listener = listener;
    this.helloObserver = helloObserver;
  }

  /** The connection to {@code endpoint}, opening one if there is none or the last one closed. */
  CompletableFuture<Connection> get(Endpoint endpoint) {
    while (true) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("connection pool closed"));
      }
      CompletableFuture<Connection> current = connections.get(endpoint);
      if (current != null) {
        if (!current.isDone() || isUsable(current)) {
          return current;
        }
        connections.remove(endpoint, current);
        continue;
      }
      CompletableFuture<Connection> fresh = new CompletableFuture<>();
      if (connections.putIfAbsent(endpoint, fresh) == null) {
        open(endpoint, fresh);
        return fresh;
      }
    }
  }

  /** Drops {@code connection} from the pool once it has closed. */
  void forget(Connection connection) {
    CompletableFuture<Connection> current = connections.get(connection.endpoint());
    if (current != null && current.getNow(null) == connection) {
      connections.remove(connection.endpoint(), current);
    }
  }

  /** Closes every connection, including those still connecting; later {@link #get}s fail. */
  void closeAll() {
    closed = true;
    for (CompletableFuture<Connection> future : connections.values()) {
      future.thenAccept(c -> c.close("client closed"));
    }
    connections.clear();
  }

  private static boolean isUsable(CompletableFuture<Connection> done) {
    return !done.isCompletedExceptionally() && done.join().isOpen();
  }

  private void open(Endpoint endpoint, CompletableFuture<Connection> result) {
    CompletableFuture.supplyAsync(() -> resolve(endpoint), resolver)
        .thenCompose(
            address ->
                Connection.open(
                    bootstrap,
                    endpoint,
                    address,
                    helloFactory.get(),
                    handshakeTimeoutNanos,
                    listener))
        .whenComplete(
            (connection, error) -> {
              if (error != null) {
                connections.remove(endpoint, result);
                result.completeExceptionally(unwrap(error));
                return;
              }
              helloObserver.accept(endpoint, connection.hello());
              result.complete(connection);
              if (closed) {
                connection.close("client closed");
              }
            });
  }

  private static InetSocketAddress resolve(Endpoint endpoint) {
    // Resolved on every connect, so a server that moved to a new address is found again.
    InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
    if (address.isUnresolved()) {
      throw new CompletionException(
          new UnknownHostException("cannot resolve host '" + endpoint.host() + "' of " + endpoint));
    }
    return address;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
