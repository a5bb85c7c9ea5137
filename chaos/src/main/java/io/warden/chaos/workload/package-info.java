/**
 * The processes that use Warden during a run, each a JVM in its own namespace: {@link
 * io.warden.chaos.workload.LockWorker} acquires, writes to the fenced register and releases, and
 * {@link io.warden.chaos.workload.Observer} answers the harness's questions (who leads; what do
 * linearizable reads of the locks say). Both record their operations to their own history file and
 * take commands on stdin, so they end when the harness does.
 */
package io.warden.chaos.workload;
