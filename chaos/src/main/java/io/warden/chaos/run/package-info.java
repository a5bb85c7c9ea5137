/**
 * One chaos run from start to cleanup ({@link io.warden.chaos.run.ChaosRun}), the record of what
 * it created ({@link io.warden.chaos.run.RunResources}, which removes it all, also from a
 * shutdown hook and from a later run when the harness itself was killed), and the report.
 */
package io.warden.chaos.run;
