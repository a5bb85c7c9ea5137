package io.warden.client.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The address of one server's client endpoint, written {@code host:port} ({@code [v6addr]:port} for
 * IPv6 literals).
 *
 * @param host a host name or IP literal, without brackets
 * @param port a TCP port, 1–65535
 */
public record Endpoint(String host, int port) {

  /** Validates the parts. */
  public Endpoint {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("endpoint host must not be empty");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("endpoint port " + port + " is outside 1-65535");
    }
  }

  /**
   * Parses {@code host:port} or {@code [v6addr]:port}, ignoring surrounding whitespace.
   *
   * @throws IllegalArgumentException if {@code text} is not of that form
   */
  public static Endpoint parse(String text) {
    Objects.requireNonNull(text, "endpoint");
    String s = text.strip();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw malformed(text);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw malformed(text); // an unbracketed IPv6 literal is ambiguous
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw malformed(text);
    }
    try {
      return new Endpoint(host, port);
    } catch (IllegalArgumentException e) {
      throw malformed(text);
    }
  }

  /**
   * Parses a comma-separated list such as {@code "10.0.0.1:7001,10.0.0.2:7001"}; blank items are
   * skipped and duplicates removed, keeping the first occurrence's position.
   *
   * @throws IllegalArgumentException if an item is malformed or the list is empty
   */
  public static List<Endpoint> parseList(String csv) {
    Objects.requireNonNull(csv, "endpoints");
    List<String> items = new ArrayList<>();
    for (String item : csv.split(",")) {
      if (!item.isBlank()) {
        items.add(item);
      }
    }
    return parseAll(items);
  }

  /**
   * Parses every item, removing duplicates while keeping order.
   *
   * @throws IllegalArgumentException if an item is malformed or there is none
   */
  public static List<Endpoint> parseAll(List<String> items) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (String item : items) {
      Endpoint endpoint = parse(item);
      if (!endpoints.contains(endpoint)) {
        endpoints.add(endpoint);
      }
    }
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException(
          "no Warden endpoint given: pass at least one host:port, e.g. 127.0.0.1:7001");
    }
    return List.copyOf(endpoints);
  }

  private static IllegalArgumentException malformed(String text) {
    return new IllegalArgumentException(
        "endpoint '" + text + "' is not host:port (for example 127.0.0.1:7001 or [::1]:7001)");
  }

  /** {@code host:port}, bracketing IPv6 literals; {@link #parse} reads it back. */
  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
