package io.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareTableTest {
  private static ResultLine line(String system, String workload, Object... fields) {
    ResultLine l = new ResultLine().put("system", system).put("workload", workload);
    for (int i = 0; i < fields.length; i += 2) {
      l.put((String) fields[i], fields[i + 1]);
    }
    return l;
  }

  private static Map<String, Double> peers(Double etcd, Double zk) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("etcd", etcd);
    m.put("zookeeper", zk);
    return m;
  }

  @Test
  void aRateIsDividedByTheHighestPeer() {
    assertThat(CompareTable.ratio(CompareTable.Better.HIGHER, 2000.0, peers(643.0, 1000.0)))
        .isEqualTo("2.00 (zookeeper)");
  }

  @Test
  void aLatencyIsDividedByTheLowestPeer() {
    assertThat(CompareTable.ratio(CompareTable.Better.LOWER, 2.5, peers(5.0, 2.0)))
        .isEqualTo("1.25 (zookeeper)");
    assertThat(CompareTable.ratio(CompareTable.Better.LOWER, 2.5, peers(1.0, 2.0)))
        .isEqualTo("2.50 (etcd)");
  }

  @Test
  void aMissingPeerIsLeftOutAndNoPeerOrAZeroBestGivesNoRatio() {
    assertThat(CompareTable.ratio(CompareTable.Better.HIGHER, 300.0, peers(null, 150.0))).isEqualTo("2.00 (zookeeper)");
    assertThat(CompareTable.ratio(CompareTable.Better.HIGHER, 300.0, peers(null, null))).isEqualTo("–");
    assertThat(CompareTable.ratio(CompareTable.Better.LOWER, 0.0, peers(8.0, 0.0))).isEqualTo("–");
    assertThat(CompareTable.ratio(CompareTable.Better.LOWER, null, peers(8.0, 1.0))).isEqualTo("–");
  }

  @Test
  void valuesAreFormattedForPeople() {
    assertThat(CompareTable.format(0.0)).isEqualTo("0");
    assertThat(CompareTable.format(1201.14)).isEqualTo("1201.1");
    assertThat(CompareTable.format(2.213)).isEqualTo("2.21");
    assertThat(CompareTable.format(null)).isEqualTo("–");
  }

  @Test
  void theTableHasOneRowPerFigureInRunOrderAndNotesForSkippedPeers() {
    List<ResultLine> lines = List.of(
        line("warden", "contended", "handoffs_per_s", 300.0, "handoff_p50_ms", 2.0),
        line("zookeeper", "contended", "handoffs_per_s", 381.0, "handoff_p50_ms", 2.21),
        line("warden", "uncontended", "cycles_per_s", 1201.1, "cycle_p99_ms", 58.9),
        line("zookeeper", "uncontended", "cycles_per_s", 1000.0, "cycle_p99_ms", 60.0),
        line("zookeeper", "uncontended", "cycles_per_s", 1277.0, "cycle_p99_ms", 59.7));
    String table = CompareTable.render(List.of("uncontended", "contended"), lines,
        Map.of("etcd", "skipped: not installed"));
    List<String> rows = table.lines().toList();

    assertThat(rows.get(0)).isEqualTo("| workload | figure | better | warden | etcd | zookeeper | warden / best peer |");
    assertThat(rows.get(2)).isEqualTo("| uncontended | cycles/s | higher | 1201.1 | – | 1277 | 0.94 (zookeeper) |");
    assertThat(rows).contains("| uncontended | cycle p99 ms | lower | 58.90 | – | 59.70 | 0.99 (zookeeper) |",
        "| contended | handoff p50 ms | lower | 2 | – | 2.21 | 0.90 (zookeeper) |");
    assertThat(rows.indexOf("| contended | handoffs/s | higher | 300 | – | 381 | 0.79 (zookeeper) |"))
        .isGreaterThan(rows.indexOf("| uncontended | cycles/s | higher | 1201.1 | – | 1277 | 0.94 (zookeeper) |"));
    assertThat(rows).noneMatch(r -> r.startsWith("| failover"));
    assertThat(rows.get(rows.size() - 1)).isEqualTo("etcd: skipped: not installed");
  }

  @Test
  void peerLinesAreReadBackFromTheirJson() {
    ResultLine l = ResultLine.parse("{\"system\":\"etcd\",\"workload\":\"failover\",\"gap_ms\":7028.5,\"errors\":8}");
    assertThat(l.get("system")).isEqualTo("etcd");
    assertThat(l.number("gap_ms")).isEqualTo(7028.5);
    assertThat(l.number("errors")).isEqualTo(8.0);
    assertThat(l.number("system")).isNull();
  }
}
