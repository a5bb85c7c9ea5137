package io.warden.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

  @Test
  void parsesHostAndPort() {
    assertThat(Endpoint.parse(" 10.0.0.1:7001 ")).isEqualTo(new Endpoint("10.0.0.1", 7001));
    assertThat(Endpoint.parse("warden-1.example:7001"))
        .isEqualTo(new Endpoint("warden-1.example", 7001));
  }

  @Test
  void parsesBracketedIpv6AndPrintsItBack() {
    Endpoint endpoint = Endpoint.parse("[::1]:7001");
    assertThat(endpoint).isEqualTo(new Endpoint("::1", 7001));
    assertThat(endpoint.toString()).isEqualTo("[::1]:7001");
    assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "localhost:",
        ":7001",
        "localhost:0",
        "localhost:70000",
        "h:x",
        "::1:7001"
      })
  void rejectsAnythingElseWithAnExample(String text) {
    assertThatThrownBy(() -> Endpoint.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host:port");
  }

  @Test
  void parsesACommaSeparatedListDroppingBlanksAndDuplicates() {
    assertThat(Endpoint.parseList("a:1, b:2,,a:1 ,c:3"))
        .containsExactly(new Endpoint("a", 1), new Endpoint("b", 2), new Endpoint("c", 3));
  }

  @Test
  void anEmptyListIsAnError() {
    assertThatThrownBy(() -> Endpoint.parseList(" , ")).hasMessageContaining("no Warden endpoint");
    assertThatThrownBy(() -> Endpoint.parseAll(List.of()))
        .hasMessageContaining("no Warden endpoint");
  }
}
