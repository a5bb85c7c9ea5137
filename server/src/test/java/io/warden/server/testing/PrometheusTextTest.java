package io.warden.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test-side reader of the text format accepts the format and nothing else. */
class PrometheusTextTest {
  @Test
  void readsFamiliesOfEveryTypeWithTheirSamples() {
    Map<String, PrometheusText.Family> families = PrometheusText.parse("""
        # HELP jobs_total Jobs done, with a \\\\ and a \\n.
        # TYPE jobs_total counter
        jobs_total{queue="a\\"b",} 3 1700000000000
        # TYPE temp gauge
        temp -Inf
        # TYPE latency summary
        latency{quantile="0.5"} 1.5e-3
        latency_count 7
        latency_sum 0.1
        # TYPE size histogram
        size_bucket{le="+Inf"} 2
        size_count 2
        size_sum 10
        untyped_thing NaN
        """);

    assertThat(families.keySet()).containsExactly("jobs_total", "temp", "latency", "size", "untyped_thing");
    assertThat(families.get("jobs_total").help()).isEqualTo("Jobs done, with a \\ and a \n.");
    assertThat(families.get("jobs_total").samples().get(0).labels()).containsEntry("queue", "a\"b");
    assertThat(families.get("jobs_total").samples().get(0).value()).isEqualTo(3);
    assertThat(families.get("latency").value("latency_count")).isEqualTo(7);
    assertThat(families.get("temp").value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(families.get("untyped_thing").type()).isEqualTo("untyped");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "x 1",                                     // no final line feed
      "x{a=b} 1\n",                              // unquoted label value
      "x{a=\"b\\t\"} 1\n",                       // unknown escape
      "x{a=\"b\",a=\"c\"} 1\n",                  // label twice
      "x{__a=\"b\"} 1\n",                        // reserved label name
      "x.y 1\n",                                 // dot in a name
      "x one\n",                                 // not a float
      "x 1 2 3\n",                               // junk after the timestamp
      "x 1 1.5\n",                               // timestamp not an integer
      "x 1\nx 2\n",                              // same series twice
      "# TYPE x frob\nx 1\n",                    // unknown type
      "# TYPE x gauge\n# TYPE x gauge\nx 1\n",   // TYPE twice
      "x 1\n# TYPE x gauge\n",                   // TYPE after the samples
      "# TYPE s summary\ns 1\n",                 // summary sample without quantile
      "# TYPE h histogram\nh_bucket 1\n",        // bucket without le
      "x{a=\"1\"} 1\ny 1\nx{a=\"2\"} 1\n",       // family split apart
      "x 1\r\n",                                 // carriage return
  })
  void refusesWhatTheFormatDoesNotAllow(String body) {
    assertThatThrownBy(() -> PrometheusText.parse(body)).isInstanceOf(IllegalArgumentException.class);
  }
}
