package io.warden.server.rpc;

import io.netty.channel.Channel;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.ServerMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Which connection speaks for which session, so that events about a session reach only its
 * client (no thundering herd). The latest connection that created or kept a session alive wins.
 */
public final class ConnectionRegistry {
  private final ConcurrentHashMap<Long, Channel> bySession = new ConcurrentHashMap<>();
  private final LongAdder pushed = new LongAdder();
  private final List<BiConsumer<Long, Channel>> onMove = new CopyOnWriteArrayList<>();

  /**
   * Called (on the channel's event loop) whenever a session's events start going to another
   * connection than before: the client may have missed events while it had none.
   */
  public void onMove(BiConsumer<Long, Channel> listener) {
    onMove.add(listener);
  }

  /** Routes {@code sessionId}'s events to {@code channel} from now on. */
  public void bind(long sessionId, Channel channel) {
    Channel previous = bySession.put(sessionId, channel);
    if (previous != channel) {
      for (BiConsumer<Long, Channel> listener : onMove) {
        channel.eventLoop().execute(() -> listener.accept(sessionId, channel));
      }
    }
  }

  /** Calls {@code action} with every session bound here and its connection. */
  public void forEachBinding(BiConsumer<Long, Channel> action) {
    bySession.forEach(action);
  }

  public void unbind(long sessionId) {
    bySession.remove(sessionId);
  }

  /** Forgets every session bound to {@code channel} (it closed). */
  public void forget(Channel channel) {
    bySession.values().removeIf(c -> c == channel);
  }

  public Optional<Channel> channelOf(long sessionId) {
    return Optional.ofNullable(bySession.get(sessionId));
  }

  /** Pushes {@code event} to the connection of {@code sessionId}, if it is connected here. */
  public void push(long sessionId, Event event) {
    Channel channel = bySession.get(sessionId);
    if (channel != null && channel.isActive()) {
      channel.writeAndFlush(ServerMessage.newBuilder().setEvent(event).build());
      pushed.increment();
    }
  }

  /** Events pushed so far. */
  public long pushedEvents() {
    return pushed.sum();
  }
}
