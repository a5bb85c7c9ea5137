package io.warden.server.rpc;

import com.google.protobuf.ByteString;
import io.netty.channel.Channel;
import io.warden.protocol.command.ClientCall;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection as request handlers see it: where to reply and push, the client id its
 * Hello announced and the client's lowest unanswered request id: with each request id, what the
 * state machine's call records are kept by.
 */
public final class Connection {
  private final Channel channel;
  private volatile ByteString clientId;
  private final AtomicLong firstUnanswered = new AtomicLong();

  Connection(Channel channel) {
    this.channel = channel;
  }

  public Channel channel() {
    return channel;
  }

  /** The 16-byte client id from Hello, or null before Hello. */
  public ByteString clientId() {
    return clientId;
  }

  void setClientId(byte[] clientId) {
    this.clientId = ByteString.copyFrom(clientId);
  }

  /**
   * The client's latest lowest-unanswered id. Each one it sends stays true for good (ids grow and
   * an answered one is never re-sent), so the highest seen is the one to pass on.
   */
  void noteFirstUnanswered(long id) {
    firstUnanswered.accumulateAndGet(id, Math::max);
  }

  /** The call that request {@code requestId} of this connection's client makes, for its write's command. */
  public ClientCall call(long requestId) {
    return ClientCall.newBuilder().setClientId(clientId).setRequestId(requestId)
        .setFirstUnansweredId(firstUnanswered.get()).build();
  }
}
