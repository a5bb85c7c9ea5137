package io.warden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A server's HTTP admin endpoint ({@code GET /status}, {@code GET /metrics}), read for counters
 * the client API does not expose: marker entries proposed, leases renewed, live sessions.
 */
final class AdminEndpoint {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String address;

  /** The endpoint at {@code host:port}. */
  AdminEndpoint(String address) {
    this.address = address;
  }

  /** The Prometheus text of {@code /metrics} as name → value (series without labels only). */
  Map<String, Double> metrics() {
    Map<String, Double> values = new HashMap<>();
    String text = get("/metrics");
    if (text == null) {
      return values;
    }
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#") || line.contains("{")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2) {
        try {
          values.put(f[0], Double.parseDouble(f[1]));
        } catch (NumberFormatException e) {
          // not a sample line
        }
      }
    }
    return values;
  }

  /** A numeric field of {@code /status}, if the server answered and has it. */
  OptionalDouble status(String field) {
    String text = get("/status");
    if (text == null) {
      return OptionalDouble.empty();
    }
    try {
      JsonNode node = JSON.readTree(text).get(field);
      return node != null && node.isNumber() ? OptionalDouble.of(node.asDouble()) : OptionalDouble.empty();
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  /** The difference of one counter between two {@link #metrics()} readings, or {@code null}. */
  static Double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    Double a = before.get(name);
    Double b = after.get(name);
    return a == null || b == null ? null : b - a;
  }

  private String get(String path) {
    try {
      HttpResponse<String> r = HTTP.send(
          HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
