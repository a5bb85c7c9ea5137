package io.warden.bench;

import io.warden.client.WardenClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code WardenClient}s of one run. {@link Mode#SHARED} (the default, like etcd's shared jetcd
 * client): one client, so one connection per server, multiplexing every thread's requests and
 * batching all sessions' keepalives. {@link Mode#PER_THREAD}: each thread its own client, like
 * ZooKeeper's connection per session.
 */
public final class Connections implements AutoCloseable {

  /** How threads get their client ({@code --conn}). */
  public enum Mode {
    SHARED("shared"),
    PER_THREAD("per-thread");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    /** The option value and JSON field value. */
    public String label() {
      return label;
    }

    /** The mode named {@code text}. */
    public static Mode parse(String text) {
      for (Mode m : values()) {
        if (m.label.equals(text)) {
          return m;
        }
      }
      throw new IllegalArgumentException("--conn must be shared or per-thread, got " + text);
    }
  }

  private final String endpoints;
  private final Duration requestTimeout;
  private final Mode mode;
  private final List<WardenClient> opened = new ArrayList<>();
  private WardenClient shared;

  /** Clients for {@code endpoints} whose calls give up after {@code requestTimeout}. */
  public Connections(String endpoints, Duration requestTimeout, Mode mode) {
    this.endpoints = endpoints;
    this.requestTimeout = requestTimeout;
    this.mode = mode;
  }

  /** The client worker thread {@code id} uses. */
  public synchronized WardenClient forThread(int id) {
    if (mode == Mode.SHARED) {
      if (shared == null) {
        shared = open();
      }
      return shared;
    }
    return open();
  }

  /** A client of its own, e.g. for the harness's status calls, outside the measured traffic. */
  public synchronized WardenClient open() {
    WardenClient c =
        WardenClient.builder().endpoints(endpoints).requestTimeout(requestTimeout).build();
    opened.add(c);
    return c;
  }

  /** Closes every client opened here (each closes its remaining sessions). */
  @Override
  public synchronized void close() {
    opened.parallelStream().forEach(WardenClient::close);
    opened.clear();
    shared = null;
  }
}
