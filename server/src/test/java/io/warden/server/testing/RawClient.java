package io.warden.server.testing;

import com.google.protobuf.ByteString;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.Hello;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.ServerMessage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A blocking, one-request-at-a-time speaker of the wire protocol, for tests that need control the
 * client library does not give (exact keepalive timing, malformed bytes). Events that arrive
 * while waiting for a response are kept for {@link #nextEvent()}.
 */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final AtomicLong requestIds = new AtomicLong();
  private final Deque<ServerMessage> events = new ArrayDeque<>();
  private final byte[] clientId;

  public RawClient(InetSocketAddress address) {
    this(address, randomClientId());
  }

  private static byte[] randomClientId() {
    UUID uuid = UUID.randomUUID();
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
  }

  private RawClient(InetSocketAddress address, byte[] clientId) {
    try {
      socket = new Socket(address.getAddress(), address.getPort());
      socket.setSoTimeout(30_000);
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.clientId = clientId.clone();
  }

  /** Connects and says Hello. */
  public static RawClient connect(InetSocketAddress address) {
    return connect(address, 0, java.util.List.of());
  }

  /** Connects and says Hello as the client {@code clientId} (16 bytes), another connection of an existing client. */
  public static RawClient connectAs(InetSocketAddress address, byte[] clientId) {
    RawClient client = new RawClient(address, clientId);
    client.hello(0, java.util.List.of());
    return client;
  }

  /** This connection's client id. */
  public byte[] clientId() {
    return clientId.clone();
  }

  /** Connects and says Hello as a client resuming {@code sessionIds} after {@code resumeIndex}. */
  public static RawClient connect(InetSocketAddress address, long resumeIndex, java.util.List<Long> sessionIds) {
    RawClient client = new RawClient(address);
    client.hello(resumeIndex, sessionIds);
    return client;
  }

  private void hello(long resumeIndex, java.util.List<Long> sessionIds) {
    RawClient client = this;
    client.call(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
        .setClientId(ByteString.copyFrom(client.clientId)).setResumeIndex(resumeIndex).addAllSessionIds(sessionIds)));
  }

  /** Sends {@code request} with a fresh request id and returns its response. */
  public Response call(ClientMessage.Builder request) {
    return call(request, requestIds.incrementAndGet());
  }

  /** Sends {@code request} with request id {@code id} (a re-send keeps its id) and returns its response. */
  public Response call(ClientMessage.Builder request, long id) {
    writeFrame(request.setRequestId(id).build().toByteArray());
    return awaitResponse(id);
  }

  /** Writes raw bytes as one frame. */
  public void writeFrame(byte[] payload) {
    try {
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes bytes with no framing at all. */
  public void writeRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads until the response to {@code requestId} arrives. */
  public Response awaitResponse(long requestId) {
    while (true) {
      ServerMessage message = read();
      if (message.hasResponse() && message.getResponse().getRequestId() == requestId) {
        return message.getResponse();
      }
      if (message.hasEvent()) {
        events.add(message);
      }
    }
  }

  /** The next pushed event, waiting for it if none is buffered. */
  public ServerMessage nextEvent() {
    if (!events.isEmpty()) {
      return events.poll();
    }
    while (true) {
      ServerMessage message = read();
      if (message.hasEvent()) {
        return message;
      }
    }
  }

  private ServerMessage read() {
    try {
      int length = in.readInt();
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      return ServerMessage.parseFrom(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
