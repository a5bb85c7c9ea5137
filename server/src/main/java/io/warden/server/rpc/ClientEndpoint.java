package io.warden.server.rpc;

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
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The Netty server clients connect to. */
public final class ClientEndpoint implements AutoCloseable {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels;
  private final Channel serverChannel;

  private ClientEndpoint(EventLoopGroup boss, EventLoopGroup workers, ChannelGroup channels, Channel serverChannel) {
    this.boss = boss;
    this.workers = workers;
    this.channels = channels;
    this.serverChannel = serverChannel;
  }

  /**
   * Binds {@code address} and serves.
   *
   * @throws java.io.IOException if the address cannot be bound (e.g. the port is in use)
   */
  public static ClientEndpoint bind(InetSocketAddress address, String name, RequestDispatcher dispatcher,
                                    ConnectionRegistry registry) throws java.io.IOException {
    EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("warden-accept-" + name, true));
    EventLoopGroup workers = new NioEventLoopGroup(2, new DefaultThreadFactory("warden-client-io-" + name, true));
    ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channels.add(channel);
            FrameCodec.install(channel.pipeline());
            channel.pipeline().addLast(new ClientConnectionHandler(dispatcher, registry));
          }
        });
    try {
      Channel serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
      return new ClientEndpoint(boss, workers, channels, serverChannel);
    } catch (Exception e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new java.io.IOException("cannot listen for clients on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The bound address (the real port when configured with port 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Open client connections. */
  public int connectionCount() {
    return channels.size();
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
