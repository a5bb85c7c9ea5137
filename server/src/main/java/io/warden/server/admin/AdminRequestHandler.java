package io.warden.server.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one HTTP request to its answer: a known path with GET gets it, another method 405, any
 * other path 404. Answers are computed on the admin endpoint's own event loop: they read local
 * state only (the store scan behind the counts is cached), so no client or Raft thread waits.
 * Nothing is logged per request.
 */
@ChannelHandler.Sharable
final class AdminRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(AdminRequestHandler.class);

  private final Map<String, Supplier<AdminReply>> routes;

  /** @param routes path → answer, e.g. {@code /health} */
  AdminRequestHandler(Map<String, Supplier<AdminReply>> routes) {
    this.routes = Map.copyOf(routes);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    AdminReply reply;
    HttpMethod method = request.method();
    if (!request.decoderResult().isSuccess()) {
      reply = AdminReply.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
      keepAlive = false;
    } else {
      reply = answer(method, new QueryStringDecoder(request.uri()).path());
    }
    FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), reply.status(),
        Unpooled.wrappedBuffer(reply.body()));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    if (reply.status() == HttpResponseStatus.METHOD_NOT_ALLOWED) {
      response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
    }
    if (keepAlive) {
      HttpUtil.setKeepAlive(response, true);
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private AdminReply answer(HttpMethod method, String path) {
    Supplier<AdminReply> route = routes.get(path);
    if (route == null) {
      return AdminReply.error(HttpResponseStatus.NOT_FOUND, "no such resource: " + path + " (try "
          + String.join(", ", routes.keySet().stream().sorted().toList()) + ")");
    }
    if (!HttpMethod.GET.equals(method)) {
      return AdminReply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed on " + path + ": use GET");
    }
    try {
      return route.get();
    } catch (RuntimeException e) {
      LOG.warn("Admin request {} failed", path, e);
      return AdminReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, path + " failed: " + e);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Admin connection {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
