package io.warden.server.config;

import java.net.InetSocketAddress;

/** A {@code host:port} address as written in configuration. */
public record HostPort(String host, int port) {
  public static HostPort parse(String key, String text) throws ConfigException {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ConfigException(key + "=" + text + " is not host:port");
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new ConfigException(key + "=" + text + ": port must be 1-65535");
      }
      return new HostPort(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + "=" + text + ": port is not a number");
    }
  }

  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
