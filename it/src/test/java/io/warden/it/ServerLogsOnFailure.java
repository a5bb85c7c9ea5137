package io.warden.it;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * When a test fails, prints the end of every server log of the quorums it could have used: the
 * logs live in the test's temporary directory, which goes with the test, and a failure seen only
 * in CI must still say what the servers saw. Runs right after the test method, before any
 * temporary directory is removed.
 */
final class ServerLogsOnFailure implements AfterTestExecutionCallback {
  private static final int LINES = 80;

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    for (ProcessQuorum quorum : ProcessQuorum.made()) {
      System.out.print("==== server logs after the failure of " + context.getDisplayName() + "\n"
          + quorum.logTails(LINES));
    }
    System.out.flush();
  }
}
