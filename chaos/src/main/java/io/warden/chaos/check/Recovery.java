package io.warden.chaos.check;

/**
 * How long after one heal every lock was acquired again.
 *
 * @param healT when the fault was healed
 * @param detail the healed fault
 * @param nanos the time from the heal to the first acknowledged acquire of the last lock to be
 *     acquired again, or -1 if not measured
 * @param censored true if the next fault began (or the history ended) before every lock was
 *     acquired again, so the time says nothing about recovery
 */
public record Recovery(long healT, String detail, long nanos, boolean censored) {}
