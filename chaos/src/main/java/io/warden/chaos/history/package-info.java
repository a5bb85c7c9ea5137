/**
 * The history of a chaos run: one JSON object per line ({@link io.warden.chaos.history.Event}),
 * written by every process to its own file and merged in time order. Times are {@link
 * System#nanoTime()} values, which on Linux read CLOCK_MONOTONIC, one clock shared by every
 * process of the machine (network namespaces do not change it); the checker verifies that on
 * every register write.
 */
package io.warden.chaos.history;
