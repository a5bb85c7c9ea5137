package io.warden.server.rpc;

import io.netty.channel.Channel;

/**
 * One client connection as request handlers see it: where to reply and push, and the client id
 * its Hello announced (the key, with each request id, of Ratis's retry cache).
 */
public final class Connection {
  private final Channel channel;
  private volatile byte[] clientId;

  Connection(Channel channel) {
    this.channel = channel;
  }

  public Channel channel() {
    return channel;
  }

  /** The 16-byte client id from Hello, or null before Hello. */
  public byte[] clientId() {
    return clientId;
  }

  void setClientId(byte[] clientId) {
    this.clientId = clientId;
  }
}
