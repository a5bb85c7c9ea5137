package io.warden.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.warden.server.metrics.PrometheusExposition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server on a Warden server's admin address: {@code /health}, {@code /status},
 * {@code /metrics}. One thread accepts and answers; requests are small (bodies over 8 KiB are
 * refused) and idle connections are dropped after a minute.
 */
public final class AdminEndpoint implements AutoCloseable {
  private static final int MAX_REQUEST_BYTES = 8 * 1024;
  private static final int IDLE_SECONDS = 60;

  private final EventLoopGroup loop;
  private final ChannelGroup channels;
  private final Channel serverChannel;

  private AdminEndpoint(EventLoopGroup loop, ChannelGroup channels, Channel serverChannel) {
    this.loop = loop;
    this.channels = channels;
    this.serverChannel = serverChannel;
  }

  /**
   * Binds {@code address} and serves.
   *
   * @throws IOException if the address cannot be bound (e.g. the port is in use)
   */
  public static AdminEndpoint bind(InetSocketAddress address, String name, HealthCheck health, StatusReport status,
                                   PrometheusExposition metrics) throws IOException {
    AdminRequestHandler handler = new AdminRequestHandler(Map.of(
        "/health", health::reply,
        "/status", status::reply,
        "/metrics", () -> AdminReply.text(HttpResponseStatus.OK, PrometheusExposition.CONTENT_TYPE, metrics.scrape())));
    EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("warden-admin-" + name, true));
    ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(loop)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channels.add(channel);
            channel.pipeline()
                .addLast(new ReadTimeoutHandler(IDLE_SECONDS))
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(handler);
          }
        });
    try {
      Channel serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
      return new AdminEndpoint(loop, channels, serverChannel);
    } catch (Exception e) {
      loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IOException("cannot serve the admin endpoint on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The bound address (the real port when configured with port 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
