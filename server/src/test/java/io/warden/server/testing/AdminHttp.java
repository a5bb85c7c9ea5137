package io.warden.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP requests to a server's admin endpoint, with the JDK's client. */
public final class AdminHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private AdminHttp() {}

  public static HttpResponse<String> get(InetSocketAddress admin, String path) {
    return send(admin, path, "GET");
  }

  /** {@code method} with an empty body, e.g. POST or DELETE. */
  public static HttpResponse<String> send(InetSocketAddress admin, String path, String method) {
    URI uri = URI.create("http://" + admin.getHostString() + ":" + admin.getPort() + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
