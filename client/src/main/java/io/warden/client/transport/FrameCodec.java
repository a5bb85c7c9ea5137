package io.warden.client.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.TooLongFrameException;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.ServerMessage;
import java.util.List;

/**
 * Warden's wire framing (client.proto): a 4-byte big-endian length, then that many bytes of one
 * protobuf message.
 *
 * <p>{@link #MAX_FRAME_BYTES} bounds a whole frame, length field included, exactly as Netty's
 * {@link LengthFieldBasedFrameDecoder} counts it on both ends; so a message may be at most {@link
 * #MAX_MESSAGE_BYTES} long. The encoder refuses a larger message instead of sending a frame the
 * server would reject.
 */
public final class FrameCodec {

  /** The largest frame either side accepts, length field included: 1 MiB. */
  public static final int MAX_FRAME_BYTES = 1 << 20;

  /** The largest protobuf message that fits in one frame. */
  public static final int MAX_MESSAGE_BYTES = MAX_FRAME_BYTES - 4;

  private FrameCodec() {}

  /**
   * Adds the client side's codec to {@code pipeline}: {@link ServerMessage}s come in, {@link
   * ClientMessage}s go out.
   */
  public static void installClient(ChannelPipeline pipeline) {
    install(pipeline, ServerMessage.parser(), ClientMessage.class);
  }

  /**
   * Adds a codec reading {@code inbound} messages and writing {@code outbound} ones; either side of
   * a connection can use it.
   */
  public static <I extends MessageLite, O extends MessageLite> void install(
      ChannelPipeline pipeline, Parser<I> inbound, Class<O> outbound) {
    pipeline.addLast("frameDecoder", new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, 4, 0, 4));
    pipeline.addLast("messageDecoder", new MessageDecoder<>(inbound));
    pipeline.addLast("framePrepender", new LengthFieldPrepender(4));
    pipeline.addLast("messageEncoder", new MessageEncoder<>(outbound));
  }

  /** Parses one frame's payload. */
  private static final class MessageDecoder<I extends MessageLite>
      extends MessageToMessageDecoder<ByteBuf> {
    private final Parser<I> parser;

    MessageDecoder(Parser<I> parser) {
      this.parser = parser;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
      try {
        out.add(parser.parseFrom(frame.nioBuffer()));
      } catch (InvalidProtocolBufferException e) {
        throw new CorruptedFrameException(
            "a " + frame.readableBytes() + "-byte frame is not a valid protobuf message", e);
      }
    }
  }

  /** Serializes one message, refusing any that would not fit in a frame. */
  private static final class MessageEncoder<O extends MessageLite>
      extends MessageToMessageEncoder<O> {

    MessageEncoder(Class<O> type) {
      super(type);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, O message, List<Object> out) {
      int size = message.getSerializedSize();
      if (size > MAX_MESSAGE_BYTES) {
        throw new TooLongFrameException(
            "message of " + size + " bytes exceeds the " + MAX_MESSAGE_BYTES + "-byte frame limit");
      }
      out.add(Unpooled.wrappedBuffer(message.toByteArray()));
    }
  }
}
