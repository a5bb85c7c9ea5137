package io.warden.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.HelloReply;
import io.warden.protocol.client.LockGranted;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wire framing, on Netty's in-memory channels: one with the client's codec, one the server's.
 */
class FrameCodecTest {
  private final EmbeddedChannel client = new EmbeddedChannel();
  private final EmbeddedChannel server = new EmbeddedChannel();

  FrameCodecTest() {
    FrameCodec.installClient(client.pipeline());
    FrameCodec.install(server.pipeline(), ClientMessage.parser(), ServerMessage.class);
  }

  @AfterEach
  void close() {
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  @Test
  void clientMessageRoundTrips() {
    ClientMessage sent = createSession(42, "app@host:1");

    assertThat(client.writeOutbound(sent)).isTrue();
    server.writeInbound(drain(client));

    assertThat((Object) server.readInbound()).isEqualTo(sent);
  }

  @Test
  void serverMessagesRoundTripInOrder() {
    ServerMessage response =
        ServerMessage.newBuilder()
            .setResponse(
                Response.newBuilder()
                    .setRequestId(1)
                    .setHello(HelloReply.newBuilder().setLeader(true)))
            .build();
    ServerMessage event =
        ServerMessage.newBuilder()
            .setEvent(
                Event.newBuilder()
                    .setIndex(9)
                    .setLockGranted(LockGranted.newBuilder().setName("x").setToken(9)))
            .build();

    server.writeOutbound(response, event);
    client.writeInbound(drain(server));

    assertThat((Object) client.readInbound()).isEqualTo(response);
    assertThat((Object) client.readInbound()).isEqualTo(event);
  }

  @Test
  void aFrameIsABigEndianLengthThenTheMessage() {
    ClientMessage sent = createSession(1, "o");

    client.writeOutbound(sent);
    ByteBuf frame = drain(client);

    assertThat(frame.readInt()).isEqualTo(sent.getSerializedSize());
    byte[] payload = new byte[frame.readableBytes()];
    frame.readBytes(payload);
    assertThat(payload).isEqualTo(sent.toByteArray());
    frame.release();
  }

  @Test
  void aFrameArrivingInPiecesIsReassembled() {
    client.writeOutbound(createSession(3, "split across many reads"));
    ByteBuf frame = drain(client);

    while (frame.isReadable()) {
      server.writeInbound(frame.readRetainedSlice(1));
    }
    frame.release();

    assertThat((Object) server.readInbound())
        .isEqualTo(createSession(3, "split across many reads"));
  }

  @Test
  void theLargestMessageThatFitsInOneFramePasses() {
    ClientMessage largest = messageOfSize(FrameCodec.MAX_MESSAGE_BYTES);

    client.writeOutbound(largest);
    server.writeInbound(drain(client));

    assertThat((Object) server.readInbound()).isEqualTo(largest);
  }

  @Test
  void anIncomingFrameLongerThanOneMebibyteIsRejected() {
    ByteBuf header = Unpooled.buffer(4).writeInt(FrameCodec.MAX_FRAME_BYTES); // + 4 > limit

    assertThatThrownBy(() -> client.writeInbound(header)).isInstanceOf(TooLongFrameException.class);
  }

  @Test
  void anOutgoingMessageTooLargeForAFrameIsRefusedUnsent() {
    ChannelFuture write = client.writeOneOutbound(messageOfSize(FrameCodec.MAX_MESSAGE_BYTES + 1));
    client.flushOutbound();

    assertThat(write.isSuccess()).isFalse();
    assertThat(write.cause()).hasRootCauseInstanceOf(TooLongFrameException.class);
    assertThat((Object) client.readOutbound()).isNull();
  }

  @Test
  void bytesThatAreNotAMessageAreACorruptFrame() {
    ByteBuf garbage =
        Unpooled.buffer()
            .writeInt(3)
            .writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

    assertThatThrownBy(() -> client.writeInbound(garbage))
        .isInstanceOf(CorruptedFrameException.class);
  }

  private static ClientMessage createSession(long requestId, String owner) {
    return ClientMessage.newBuilder()
        .setRequestId(requestId)
        .setCreateSession(CreateSessionRequest.newBuilder().setTtlMillis(10_000).setOwner(owner))
        .build();
  }

  /** A message whose serialized size is exactly {@code size}, padded through the owner label. */
  private static ClientMessage messageOfSize(int size) {
    ClientMessage base = createSession(1, "");
    int padding = size - base.getSerializedSize();
    // Lengthening the string also lengthens its varint length prefixes; shrink until exact.
    for (int owner = padding; owner > 0; owner--) {
      ClientMessage candidate = createSession(1, "x".repeat(owner));
      if (candidate.getSerializedSize() == size) {
        return candidate;
      }
      if (candidate.getSerializedSize() < size) {
        break;
      }
    }
    throw new AssertionError("no message of exactly " + size + " bytes");
  }

  /** Everything the channel wrote, as one buffer. */
  private static ByteBuf drain(EmbeddedChannel channel) {
    ByteBuf all = Unpooled.buffer();
    for (Object chunk; (chunk = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) chunk;
      all.writeBytes(buf);
      buf.release();
    }
    return all;
  }
}
