package io.warden.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The owner label used when the application gives none: {@code <user>@<hostname>:<pid>}. */
final class DefaultOwner {

  private DefaultOwner() {}

  /** Computed once: the host name lookup can be slow. */
  private static final class Holder {
    static final String LABEL =
        System.getProperty("user.name", "unknown")
            + "@"
            + hostName()
            + ":"
            + ProcessHandle.current().pid();
  }

  static String label() {
    return Holder.LABEL;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException | SecurityException e) {
      String env = System.getenv("HOSTNAME");
      return env != null && !env.isBlank() ? env : "unknown-host";
    }
  }
}
