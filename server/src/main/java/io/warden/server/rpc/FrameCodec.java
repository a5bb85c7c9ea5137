package io.warden.server.rpc;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.ServerMessage;
import java.io.IOException;
import java.util.List;

/** The frame layer of the client protocol: 4-byte length, then one protobuf message. */
final class FrameCodec {
  /** Frames longer than this are refused (and skipped) without closing the connection. */
  static final int MAX_FRAME_BYTES = 1 << 20;

  private FrameCodec() {}

  static void install(ChannelPipeline pipeline) {
    // Many replies complete at once when a batch commits: one flush (syscall) for all of them.
    pipeline.addLast(new FlushConsolidationHandler(256, true));
    pipeline.addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, 4, 0, 4, true));
    pipeline.addLast(new LengthFieldPrepender(4));
    pipeline.addLast(new Decoder());
    pipeline.addLast(new Encoder());
  }

  /** A frame whose bytes are not a {@link ClientMessage}. */
  record Malformed(String reason) {}

  private static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
      // Parse straight from the frame's memory: a stream would allocate a copy buffer per frame.
      try {
        out.add(ClientMessage.parseFrom(frame.nioBuffer()));
      } catch (InvalidProtocolBufferException e) {
        out.add(new Malformed("the frame is not a ClientMessage: " + e.getMessage()));
      }
    }
  }

  private static final class Encoder extends MessageToByteEncoder<ServerMessage> {
    @Override
    protected void encode(ChannelHandlerContext ctx, ServerMessage message, ByteBuf out)
        throws IOException {
      // Serialize into the buffer's memory directly: a stream would allocate a copy buffer.
      int size = message.getSerializedSize();
      out.ensureWritable(size);
      CodedOutputStream coded = CodedOutputStream.newInstance(out.nioBuffer(out.writerIndex(), size));
      message.writeTo(coded);
      coded.flush();
      out.writerIndex(out.writerIndex() + size);
    }
  }
}
