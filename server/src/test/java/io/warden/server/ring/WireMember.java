package io.warden.server.ring;

import com.google.protobuf.ByteString;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.Hello;
import io.warden.protocol.client.JoinRequest;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.PartitionAcquired;
import io.warden.protocol.client.PartitionReleaseRequested;
import io.warden.protocol.client.ReleasePartitionRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.ServerMessage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A data node on the wire, as small as it can be: one connection with a reader thread, a session
 * kept alive every TTL/3, and the ownership discipline of DESIGN §7 — it serves a partition from
 * the PartitionAcquired that gives it to the moment it decides to release it, and releases at once
 * when asked. Every start and end of serving is written to a shared {@link OwnershipLog}.
 */
final class WireMember implements AutoCloseable {
  private final String nodeId;
  private final OwnershipLog log;
  private final byte[] clientId = newClientId();
  private final AtomicLong requestIds = new AtomicLong();
  private final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
  /** What this node serves: partition → token. */
  private final Map<Integer, Long> owned = new ConcurrentHashMap<>();
  /** The highest token this node released per partition: grants at or below it are old news. */
  private final Map<Integer, Long> released = new ConcurrentHashMap<>();
  /** Releases sent and not yet answered: partition → token. Re-sent after a reconnect. */
  private final Map<Integer, Long> releasing = new ConcurrentHashMap<>();
  private final ScheduledExecutorService keepAlives = Executors.newSingleThreadScheduledExecutor();
  private volatile Socket socket;
  private volatile DataOutputStream out;
  private volatile long sessionId;
  private volatile boolean dead;

  private WireMember(String nodeId, OwnershipLog log) {
    this.nodeId = nodeId;
    this.log = log;
  }

  /** Connects, creates a session of {@code ttlMillis}, joins and keeps the session alive. */
  static WireMember join(InetSocketAddress leader, String nodeId, String zone, int weight, long ttlMillis,
                         OwnershipLog log) {
    WireMember member = new WireMember(nodeId, log);
    member.connect(leader);
    member.sessionId = member.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
        .setTtlMillis(ttlMillis).setOwner(nodeId))).join().getCreateSession().getSessionId();
    Response joined = member.call(ClientMessage.newBuilder().setJoin(JoinRequest.newBuilder().setNodeId(nodeId)
        .setAddress(nodeId + ":9000").setZone(zone).setWeight(weight).setSessionId(member.sessionId))).join();
    if (!joined.hasJoin()) {
      throw new IllegalStateException("join failed: " + joined);
    }
    long period = Math.max(50, ttlMillis / 3);
    member.keepAlives.scheduleAtFixedRate(member::keepAlive, period, period, TimeUnit.MILLISECONDS);
    return member;
  }

  String nodeId() {
    return nodeId;
  }

  long sessionId() {
    return sessionId;
  }

  /** What this node believes it owns: partition → token. */
  Map<Integer, Long> owned() {
    return Map.copyOf(owned);
  }

  /** The process dies: no keepalive, no release; what it served ends now. */
  void kill() {
    dead = true;
    keepAlives.shutdownNow();
    closeSocket();
    synchronized (this) {
      owned.forEach((partition, token) -> log.end(nodeId, partition, token));
      owned.clear();
    }
  }

  /** The connection broke (its server stopped): connect to {@code leader} and resume the session. */
  void reconnect(InetSocketAddress leader) {
    closeSocket();
    connect(leader);
    releasing.forEach(this::sendRelease);
  }

  private void connect(InetSocketAddress address) {
    try {
      Socket s = new Socket(address.getAddress(), address.getPort());
      socket = s;
      out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      Thread reader = new Thread(() -> read(in), "wire-member-" + nodeId);
      reader.setDaemon(true);
      reader.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot connect to " + address, e);
    }
    Hello.Builder hello = Hello.newBuilder().setProtocolVersion(1).setClientId(ByteString.copyFrom(clientId));
    if (sessionId != 0) {
      hello.addSessionIds(sessionId);
    }
    call(ClientMessage.newBuilder().setHello(hello)).join();
  }

  CompletableFuture<Response> call(ClientMessage.Builder request) {
    long id = requestIds.incrementAndGet();
    CompletableFuture<Response> response = new CompletableFuture<>();
    pending.put(id, response);
    byte[] frame = request.setRequestId(id).build().toByteArray();
    try {
      synchronized (this) {
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
      }
    } catch (IOException e) {
      pending.remove(id);
      response.completeExceptionally(e);
    }
    return response;
  }

  private void read(DataInputStream in) {
    try {
      while (true) {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        ServerMessage message = ServerMessage.parseFrom(bytes);
        if (message.hasResponse()) {
          CompletableFuture<Response> waiting = pending.remove(message.getResponse().getRequestId());
          if (waiting != null) {
            waiting.complete(message.getResponse());
          }
        } else if (message.hasEvent()) {
          onEvent(message.getEvent());
        }
      }
    } catch (IOException e) {
      // The connection is gone; whoever broke it reconnects or has killed us.
    }
  }

  private synchronized void onEvent(Event event) {
    if (dead) {
      return;
    }
    if (event.hasPartitionAcquired()) {
      PartitionAcquired acquired = event.getPartitionAcquired();
      int partition = acquired.getPartition();
      long token = acquired.getToken();
      if (token <= released.getOrDefault(partition, 0L) || Long.valueOf(token).equals(owned.get(partition))) {
        return;  // a grant it already knows or already gave back
      }
      owned.put(partition, token);
      log.start(nodeId, partition, token);
    } else if (event.hasPartitionReleaseRequested()) {
      PartitionReleaseRequested request = event.getPartitionReleaseRequested();
      int partition = request.getPartition();
      long token = request.getToken();
      if (!Long.valueOf(token).equals(owned.get(partition))) {
        return;
      }
      owned.remove(partition);
      released.merge(partition, token, Math::max);
      log.end(nodeId, partition, token);  // stops serving before telling the cluster
      releasing.put(partition, token);
      sendRelease(partition, token);
    }
  }

  private void sendRelease(int partition, long token) {
    call(ClientMessage.newBuilder().setReleasePartition(ReleasePartitionRequest.newBuilder()
        .setPartition(partition).setToken(token).setSessionId(sessionId))).thenAccept(response -> {
          boolean settled = response.hasReleasePartition()
              || (response.hasError() && response.getError().getCode() == ErrorCode.STALE_TOKEN);
          if (settled) {
            releasing.remove(partition, token);
          }
        });
  }

  private void keepAlive() {
    if (!dead) {
      call(ClientMessage.newBuilder().setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(sessionId)));
    }
  }

  /** Releases sent and not yet settled. */
  List<Integer> releasing() {
    return List.copyOf(releasing.keySet());
  }

  private void closeSocket() {
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  @Override
  public void close() {
    dead = true;
    keepAlives.shutdownNow();
    closeSocket();
  }

  private static byte[] newClientId() {
    UUID uuid = UUID.randomUUID();
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
        .array();
  }
}
