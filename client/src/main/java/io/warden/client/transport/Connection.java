package io.warden.client.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.warden.client.WardenException;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.HelloReply;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.ServerMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to one server's client endpoint, usable once its Hello has been answered.
 *
 * <p>It only moves frames: responses, events and the connection's end go to a {@link Listener},
 * which decides what they mean. Everything here runs on the connection's Netty event loop and never
 * blocks it.
 */
final class Connection {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  /** Receives what arrives on a connection; called on its event loop, so it must not block. */
  interface Listener {
    void onResponse(Connection connection, Response response);

    void onEvent(Connection connection, Event event);

    /** Called once when a connection that completed its handshake closes, for any reason. */
    void onClosed(Connection connection);
  }

  private final Endpoint endpoint;
  private final Listener listener;
  private final long helloRequestId;
  private final CompletableFuture<Connection> handshake = new CompletableFuture<>();
  private volatile Channel channel;
  private volatile HelloReply hello;
  private volatile long lastReadNanos;

  private Connection(Endpoint endpoint, Listener listener, long helloRequestId) {
    this.endpoint = endpoint;
    this.listener = listener;
    this.helloRequestId = helloRequestId;
  }

  /**
   * Connects to {@code address} and sends {@code hello} (a ClientMessage with a Hello body) as the
   * first request. The future completes when the Hello is answered, or fails if the connection or
   * the handshake fails or takes longer than {@code handshakeTimeoutNanos} after connecting.
   */
  static CompletableFuture<Connection> open(
      Bootstrap bootstrap,
      Endpoint endpoint,
      InetSocketAddress address,
      ClientMessage hello,
      long handshakeTimeoutNanos,
      Listener listener) {
    Connection connection = new Connection(endpoint, listener, hello.getRequestId());
    ChannelFuture connect =
        bootstrap.clone().handler(connection.new Initializer()).connect(address);
    connection.channel = connect.channel();
    connect.addListener(
        (ChannelFuture f) -> {
          if (f.isSuccess()) {
            connection.sendHello(hello, handshakeTimeoutNanos);
          } else {
            connection.handshake.completeExceptionally(
                new IOException(
                    "cannot connect to " + endpoint + ": " + describe(f.cause()), f.cause()));
          }
        });
    return connection.handshake;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** The server's answer to this connection's Hello. */
  HelloReply hello() {
    return hello;
  }

  boolean isOpen() {
    return channel.isActive();
  }

  /**
   * {@link System#nanoTime()} of the last frame received; tells a silent server from a busy one.
   */
  long lastReadNanos() {
    return lastReadNanos;
  }

  /** Writes {@code message}; {@code onFailure} runs (on the event loop) if the write fails. */
  void send(ClientMessage message, Consumer<Throwable> onFailure) {
    channel
        .writeAndFlush(message)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                onFailure.accept(f.cause());
              }
            });
  }

  /** Closes the connection; the listener hears of it through {@link Listener#onClosed}. */
  void close(String reason) {
    log.debug("Closing connection to {}: {}", endpoint, reason);
    channel.close();
  }

  @Override
  public String toString() {
    return "Connection[" + endpoint + "]";
  }

  /** Sends the Hello, bounding the wait for its answer; runs on the event loop once connected. */
  private void sendHello(ClientMessage hello, long timeoutNanos) {
    ScheduledFuture<?> timeout =
        channel
            .eventLoop()
            .schedule(
                () ->
                    failHandshake(
                        new IOException(
                            String.format(
                                "%s accepted the connection but did not answer Hello within %d ms",
                                endpoint, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)))),
                timeoutNanos,
                TimeUnit.NANOSECONDS);
    handshake.whenComplete((c, e) -> timeout.cancel(false));
    channel
        .writeAndFlush(hello)
        .addListener(
            w -> {
              if (!w.isSuccess()) {
                failHandshake(new IOException("cannot send Hello to " + endpoint, w.cause()));
              }
            });
  }

  private void failHandshake(Throwable cause) {
    if (handshake.completeExceptionally(cause)) {
      channel.close();
    }
  }

  private static String describe(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  /** Builds the pipeline: the frame codec, then {@link Inbound}. */
  private final class Initializer extends ChannelInitializer<SocketChannel> {
    @Override
    protected void initChannel(SocketChannel ch) {
      channel = ch; // before any event on it can reach the handlers
      FrameCodec.installClient(ch.pipeline());
      ch.pipeline().addLast("warden", new Inbound());
    }
  }

  /** The pipeline's last handler: hands decoded messages to the connection. */
  private final class Inbound extends SimpleChannelInboundHandler<ServerMessage> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ServerMessage message) {
      lastReadNanos = System.nanoTime();
      switch (message.getBodyCase()) {
        case RESPONSE -> onResponse(message.getResponse());
        case EVENT -> listener.onEvent(Connection.this, message.getEvent());
        case BODY_NOT_SET -> log.debug("Ignoring an empty message from {}", endpoint);
      }
    }

    private void onResponse(Response response) {
      if (handshake.isDone()) {
        listener.onResponse(Connection.this, response);
      } else if (response.getRequestId() == helloRequestId) {
        if (response.hasHello()) {
          hello = response.getHello();
          log.debug(
              "Connected to {} (server {}, leader={})",
              endpoint,
              hello.getServerId(),
              hello.getLeader());
          handshake.complete(Connection.this);
        } else if (response.hasError()) {
          failHandshake(ErrorMapping.toException(response.getError()));
        } else {
          failHandshake(
              new IOException(endpoint + " answered Hello with " + response.getBodyCase()));
        }
      } else {
        log.debug(
            "Ignoring response {} from {} before the Hello reply",
            response.getRequestId(),
            endpoint);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (!failHandshakeOnClose()) {
        listener.onClosed(Connection.this);
      }
      super.channelInactive(ctx);
    }

    private boolean failHandshakeOnClose() {
      if (handshake.isDone() && !handshake.isCompletedExceptionally()) {
        return false;
      }
      handshake.completeExceptionally(
          new IOException(endpoint + " closed the connection before answering Hello"));
      return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A broken frame or a reset: the connection cannot be trusted any more. Callers re-send
      // their requests elsewhere with the same ids, so closing loses nothing.
      if (cause instanceof WardenException || cause instanceof IOException) {
        log.debug("Connection to {} failed: {}", endpoint, describe(cause));
      } else {
        log.warn("Closing connection to {} after an unexpected error", endpoint, cause);
      }
      ctx.close();
    }
  }
}
