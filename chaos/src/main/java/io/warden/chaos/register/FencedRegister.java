package io.warden.chaos.register;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.chaos.history.Event;
import io.warden.chaos.history.HistoryWriter;
import io.warden.client.fencing.FencedOutException;
import io.warden.client.fencing.FencingGuard;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A register per lock name that accepts a write only if its token passes a {@link FencingGuard},
 * and records every decision as a {@code register} event stamped with its own {@link
 * System#nanoTime()}. The guard's check, the stamp and the record happen under the lock's own
 * monitor, as the guard's documentation asks of a resource, so the recorded order per lock is the
 * order of decisions.
 */
public final class FencedRegister implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROC = "register";

  /** A worker holding a lock, as its notes tell. */
  public record Hold(String client, String lock, long token, long sinceNanos) {}

  private final Path socket;
  private final HistoryWriter history;
  private final FencingGuard guard = new FencingGuard();
  private final Map<String, Object> monitors = new ConcurrentHashMap<>();
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();
  private final Map<String, Long> lastGrantNote = new ConcurrentHashMap<>();
  private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
  private final ServerSocketChannel server;
  private final Thread acceptor;
  private volatile boolean closed;

  /** Listens on the Unix domain socket {@code socket}; records to {@code history}. */
  public FencedRegister(Path socket, HistoryWriter history) {
    this.socket = socket;
    this.history = history;
    try {
      Files.deleteIfExists(socket);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + socket + ": " + e.getMessage(), e);
    }
    acceptor = new Thread(this::accept, "register-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public Path socket() {
    return socket;
  }

  /** Who holds what, by the workers' notes. */
  public Map<String, Hold> holds() {
    return Map.copyOf(holds);
  }

  /** When a worker last noted a grant of {@code lock}, if ever. */
  public Optional<Long> lastGrantNanos(String lock) {
    return Optional.ofNullable(lastGrantNote.get(lock));
  }

  /** Decides one write; public for tests. */
  public RegisterMessage write(String client, long clientOp, String lock, long token) {
    synchronized (monitors.computeIfAbsent(lock, l -> new Object())) {
      long t = System.nanoTime();
      boolean accepted;
      try {
        guard.accept(lock, token);
        accepted = true;
      } catch (FencedOutException e) {
        accepted = false;
      }
      long highest = guard.highest(lock).orElse(0);
      history.append(Event.at(t, PROC).type(accepted ? Event.OK : Event.FAIL).f("write")
          .lock(lock).token(token).client(client).clientOp(clientOp).highest(highest).build());
      return RegisterMessage.written(accepted, t, highest);
    }
  }

  private void accept() {
    while (!closed) {
      try {
        SocketChannel channel = server.accept();
        connections.add(channel);
        Thread serve = new Thread(() -> serve(channel), "register-conn");
        serve.setDaemon(true);
        serve.start();
      } catch (IOException e) {
        if (!closed) {
          System.err.println("register: accept failed: " + e.getMessage());
        }
        return;
      }
    }
  }

  private void serve(SocketChannel channel) {
    try (channel;
        BufferedReader in = new BufferedReader(new InputStreamReader(
            Channels.newInputStream(channel), StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
            Channels.newOutputStream(channel), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        RegisterMessage request = JSON.readValue(line, RegisterMessage.class);
        RegisterMessage answer = switch (request.op()) {
          case "write" -> write(request.client(), request.clientOp(), request.lock(),
              request.token());
          case "hold" -> {
            holds.put(request.client(), new Hold(request.client(), request.lock(),
                request.token(), System.nanoTime()));
            lastGrantNote.put(request.lock(), System.nanoTime());
            yield RegisterMessage.noted();
          }
          case "free" -> {
            holds.remove(request.client());
            yield RegisterMessage.noted();
          }
          default -> throw new IOException("unknown request " + line);
        };
        out.write(JSON.writeValueAsString(answer));
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      if (!closed) {
        System.err.println("register: connection ended: " + e.getMessage());
      }
    } finally {
      connections.remove(channel);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (SocketChannel c : connections) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException ignored) {
      // the run folder goes later
    }
  }
}
