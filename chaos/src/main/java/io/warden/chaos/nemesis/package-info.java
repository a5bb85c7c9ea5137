/**
 * The faults. {@link io.warden.chaos.nemesis.FaultSchedule} draws them from the run's seed: kind,
 * variant, the quiet time before, how long it lasts, and numbers that pick targets. {@link
 * io.warden.chaos.nemesis.Nemesis} carries them out and heals them, recording both in the history.
 * The same seed replays the same schedule; which server is the leader when a fault aims at "the
 * leader" depends on the run.
 */
package io.warden.chaos.nemesis;
