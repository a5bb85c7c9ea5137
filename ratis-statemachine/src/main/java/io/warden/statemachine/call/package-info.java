/** At-most-once client writes: the record of each call's answer, and when it may be forgotten. */
package io.warden.statemachine.call;
