package io.warden.chaos.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One line of the history. Operations follow the invoke/complete pattern: a process records
 * {@code invoke} before it asks, then {@code ok} (it happened), {@code fail} (it did not) or
 * {@code info} (unknown: it may or may not have happened) with the same {@code op}. The register
 * and the nemesis record single {@code ok}/{@code fail}/{@code info} events.
 *
 * <p>Fields that do not apply are absent. Partition ownership is recorded by data nodes as single
 * {@code ok} events with a {@code partition}: {@code acquire} when the node starts acting as the
 * partition's owner, {@code release} when it stops (before it acknowledges a handoff), and {@code
 * lease} now and then with its session's deadline; readers ignore fields they do not know.
 *
 * @param t {@link System#nanoTime()} when it happened (the shared monotonic clock)
 * @param proc who recorded it: a worker ({@code c1}...), {@code observer}, {@code register},
 *     {@code nemesis}
 * @param type {@code invoke}, {@code ok}, {@code fail} or {@code info}
 * @param f what: {@code session}, {@code acquire}, {@code write}, {@code release}, {@code read}
 *     (lock state read by the observer), {@code fault}/{@code heal} (nemesis); for data nodes
 *     also {@code join}, {@code leave}, {@code lease}, and {@code ring} (the ring read by the
 *     observer)
 * @param op the operation's number within {@code proc}, shared by its invoke and completion
 * @param lock the lock's name
 * @param session the session id
 * @param token the fencing token
 * @param deadline the session's local lease deadline ({@code LockGrant.deadlineNanos()}) when the
 *     event was recorded
 * @param valid whether the grant was valid ({@code LockGrant.isValid()}) when the event was recorded
 * @param error why an operation failed or is unknown
 * @param client the worker that wrote (register events)
 * @param clientOp the worker's op number of that write (register events)
 * @param regT the register's own time of a write (on the worker's completion)
 * @param highest the register's highest accepted token for the lock after the write
 * @param holders a read's answer: the lock's holders
 * @param fault the fault's kind: {@code partition}, {@code kill}, {@code pause} (nemesis)
 * @param detail a human description (nemesis), or extra context
 * @param partition the partition of an ownership event
 * @param owners a ring read's answer: every partition's owner and token
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Event(
    long t,
    String proc,
    String type,
    String f,
    Long op,
    String lock,
    Long session,
    Long token,
    Long deadline,
    Boolean valid,
    String error,
    String client,
    Long clientOp,
    Long regT,
    Long highest,
    List<Holder> holders,
    String fault,
    String detail,
    Integer partition,
    List<Owner> owners) {

  public static final String INVOKE = "invoke";
  public static final String OK = "ok";
  public static final String FAIL = "fail";
  public static final String INFO = "info";

  /** A lock holder as a read reported it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Holder(String lock, long session, long token) {}

  /**
   * A partition's owner as a ring read reported it.
   *
   * @param owner the owning node id; empty when nobody owns it
   * @param handoff whether the owner was being asked to hand it off
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Owner(int partition, String owner, long token, boolean handoff) {}

  public Event {
    holders = holders == null ? null : List.copyOf(holders);
    owners = owners == null ? null : List.copyOf(owners);
  }

  /** A builder for an event of {@code proc} at time {@code t}. */
  public static Builder at(long t, String proc) {
    return new Builder(t, proc);
  }

  @JsonIgnore
  public boolean isInvoke() {
    return INVOKE.equals(type);
  }

  @JsonIgnore
  public boolean isOk() {
    return OK.equals(type);
  }

  /** A builder: events have many optional fields. */
  public static final class Builder {
    private final long t;
    private final String proc;
    private String type;
    private String f;
    private Long op;
    private String lock;
    private Long session;
    private Long token;
    private Long deadline;
    private Boolean valid;
    private String error;
    private String client;
    private Long clientOp;
    private Long regT;
    private Long highest;
    private List<Holder> holders;
    private String fault;
    private String detail;
    private Integer partition;
    private List<Owner> owners;

    private Builder(long t, String proc) {
      this.t = t;
      this.proc = proc;
    }

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    public Builder f(String f) {
      this.f = f;
      return this;
    }

    public Builder op(long op) {
      this.op = op;
      return this;
    }

    public Builder lock(String lock) {
      this.lock = lock;
      return this;
    }

    public Builder session(long session) {
      this.session = session;
      return this;
    }

    public Builder token(long token) {
      this.token = token;
      return this;
    }

    public Builder deadline(long deadline) {
      this.deadline = deadline;
      return this;
    }

    public Builder valid(boolean valid) {
      this.valid = valid;
      return this;
    }

    public Builder error(String error) {
      this.error = error;
      return this;
    }

    public Builder client(String client) {
      this.client = client;
      return this;
    }

    public Builder clientOp(long clientOp) {
      this.clientOp = clientOp;
      return this;
    }

    public Builder regT(long regT) {
      this.regT = regT;
      return this;
    }

    public Builder highest(long highest) {
      this.highest = highest;
      return this;
    }

    public Builder holders(List<Holder> holders) {
      this.holders = holders;
      return this;
    }

    public Builder fault(String fault) {
      this.fault = fault;
      return this;
    }

    public Builder detail(String detail) {
      this.detail = detail;
      return this;
    }

    public Builder partition(int partition) {
      this.partition = partition;
      return this;
    }

    public Builder owners(List<Owner> owners) {
      this.owners = owners;
      return this;
    }

    public Event build() {
      return new Event(t, proc, type, f, op, lock, session, token, deadline, valid, error, client,
          clientOp, regT, highest, holders, fault, detail, partition, owners);
    }
  }
}
