package io.warden.chaos.run;

import io.warden.chaos.check.CheckReport;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a run.
 *
 * @param runId the run's id (in its namespaces' and folder's names)
 * @param runDir the run's folder: history, summary, logs
 * @param history the merged history file
 * @param report what the checker found (null if there was no history to check)
 * @param error why the run could not be completed, or null
 * @param warnings things that went wrong in the harness without making the run invalid
 * @param json the result line
 */
public record RunResult(
    String runId,
    Path runDir,
    Path history,
    CheckReport report,
    String error,
    List<String> warnings,
    String json) {

  /** 0: no anomalies; 1: anomalies; 3: the run could not be completed. */
  public int exitCode() {
    if (error != null || report == null) {
      return 3;
    }
    return report.anomalies().isEmpty() ? 0 : 1;
  }
}
