package io.warden.server.rpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.ServerMessage;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads requests from one connection, hands them to the dispatcher, writes the replies. Bad
 * bytes are answered with MALFORMED_REQUEST and the connection stays usable.
 */
final class ClientConnectionHandler extends SimpleChannelInboundHandler<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ClientConnectionHandler.class);

  private final RequestDispatcher dispatcher;
  private final ConnectionRegistry registry;
  private Connection connection;

  ClientConnectionHandler(RequestDispatcher dispatcher, ConnectionRegistry registry) {
    this.dispatcher = dispatcher;
    this.registry = registry;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    connection = new Connection(ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    registry.forget(ctx.channel());
    ctx.fireChannelInactive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object message) {
    if (message instanceof FrameCodec.Malformed malformed) {
      reply(Responses.error(0, ErrorCode.MALFORMED_REQUEST, malformed.reason()));
      return;
    }
    ClientMessage request = (ClientMessage) message;
    dispatcher.dispatch(connection, request).whenComplete((response, failure) -> {
      if (failure != null) {
        LOG.error("Request {} ({}) failed unexpectedly", request.getRequestId(), request.getBodyCase(), failure);
        response = Responses.error(request.getRequestId(), ErrorCode.INTERNAL, "the server failed: " + failure);
      }
      reply(response);
    });
  }

  private void reply(Response response) {
    connection.channel().writeAndFlush(ServerMessage.newBuilder().setResponse(response).build());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      reply(Responses.error(0, ErrorCode.MALFORMED_REQUEST,
          "frame longer than " + FrameCodec.MAX_FRAME_BYTES + " bytes: " + cause.getMessage()));
    } else if (cause instanceof IOException) {
      LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    } else {
      LOG.warn("Connection {} failed", ctx.channel().remoteAddress(), cause);
      ctx.close();
    }
  }
}
