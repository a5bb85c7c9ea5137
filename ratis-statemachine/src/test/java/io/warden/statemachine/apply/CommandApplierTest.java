package io.warden.statemachine.apply;

import static io.warden.statemachine.testing.Commands.closeSession;
import static io.warden.statemachine.testing.Commands.createSession;
import static io.warden.statemachine.testing.Commands.expireSession;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.SessionRecord;
import io.warden.statemachine.apply.ApplyEvent.RemovalReason;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.testing.Commands;
import io.warden.statemachine.testing.ReplicaTest;
import io.warden.statemachine.testing.StoreContents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each command does to the store, what it answers and which events it emits. */
class CommandApplierTest extends ReplicaTest {
  @Test
  void createSessionAtIndexIAnswersSessionIdIWithItsTtl() {
    Applied applied = replica.apply(42, createSession(5_000, "web-1"));

    assertThat(applied.result().getBodyCase()).isEqualTo(CommandResult.BodyCase.CREATE_SESSION);
    assertThat(applied.result().getCreateSession().getSessionId()).isEqualTo(42);
    assertThat(applied.result().getCreateSession().getTtlMillis()).isEqualTo(5_000);
  }

  @Test
  void createSessionStoresItsRecordUnderItsId() {
    replica.apply(42, createSession(5_000, "web-1"));

    SessionRecord record = SessionTable.find(replica.store(), 42);
    assertThat(record).isNotNull();
    assertThat(record.getId()).isEqualTo(42);
    assertThat(record.getOwner()).isEqualTo("web-1");
    assertThat(record.getTtlMillis()).isEqualTo(5_000);
    assertThat(record.getCreatedIndex()).isEqualTo(42);
    assertThat(record.getCreatedMillis()).isEqualTo(Commands.STAMP_MILLIS);
  }

  @Test
  void createSessionEmitsSessionCreated() {
    Applied applied = replica.apply(42, createSession(5_000, "web-1"));

    assertThat(applied.events()).containsExactly(new ApplyEvent.SessionCreated(42, 42, 5_000));
  }

  @Test
  void closeSessionRemovesTheSessionAndAnswersCloseSessionReply() {
    replica.apply(1, createSession(5_000, "web-1"));

    Applied applied = replica.apply(2, closeSession(1));

    assertThat(applied.result().getBodyCase()).isEqualTo(CommandResult.BodyCase.CLOSE_SESSION);
    assertThat(SessionTable.find(replica.store(), 1)).isNull();
    assertThat(StoreContents.state(replica.store())).isEmpty();
  }

  @Test
  void closeSessionEmitsSessionRemovedClosed() {
    replica.apply(1, createSession(5_000, "web-1"));

    Applied applied = replica.apply(2, closeSession(1));

    assertThat(applied.events()).containsExactly(new ApplyEvent.SessionRemoved(2, 1, RemovalReason.CLOSED));
  }

  @Test
  void closeSessionLeavesOtherSessionsAlone() {
    replica.apply(1, createSession(5_000, "a"));
    replica.apply(2, createSession(5_000, "b"));

    replica.apply(3, closeSession(1));

    assertThat(SessionTable.all(replica.store())).extracting(SessionRecord::getId).containsExactly(2L);
  }

  @Test
  void closingAnUnknownSessionAnswersUnknownSessionAndChangesNothing() {
    replica.apply(1, createSession(5_000, "web-1"));
    List<String> before = StoreContents.state(replica.store());

    Applied applied = replica.apply(2, closeSession(99));

    assertThat(applied.result().getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
    assertThat(applied.result().getError().getMessage()).contains("99");
    assertThat(applied.events()).isEmpty();
    assertThat(StoreContents.state(replica.store())).isEqualTo(before);
  }

  @Test
  void closingASessionTwiceAnswersUnknownSessionTheSecondTime() {
    replica.apply(1, createSession(5_000, "web-1"));
    replica.apply(2, closeSession(1));

    Applied second = replica.apply(3, closeSession(1));

    assertThat(second.result().getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
    assertThat(second.events()).isEmpty();
  }

  @Test
  void expireSessionRemovesALiveSessionAndEmitsSessionRemovedExpired() {
    replica.apply(1, createSession(5_000, "web-1"));

    Applied applied = replica.apply(2, expireSession(1));

    assertThat(applied.result().getBodyCase()).isEqualTo(CommandResult.BodyCase.NONE);
    assertThat(applied.events()).containsExactly(new ApplyEvent.SessionRemoved(2, 1, RemovalReason.EXPIRED));
    assertThat(SessionTable.find(replica.store(), 1)).isNull();
  }

  @Test
  void expiringASessionThatIsAlreadyGoneIsANoOp() {
    replica.apply(1, createSession(5_000, "web-1"));
    replica.apply(2, closeSession(1));
    List<String> before = StoreContents.state(replica.store());

    Applied applied = replica.apply(3, expireSession(1));

    assertThat(applied.result().getBodyCase()).isEqualTo(CommandResult.BodyCase.NONE);
    assertThat(applied.events()).isEmpty();
    assertThat(StoreContents.state(replica.store())).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void nonPositiveTtlAnswersInvalidArgumentAndWritesNothing(long ttlMillis) {
    Applied applied = replica.apply(1, createSession(ttlMillis, "web-1"));

    assertThat(applied.result().getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(applied.result().getError().getMessage()).contains(Long.toString(ttlMillis));
    assertThat(applied.events()).isEmpty();
    assertThat(StoreContents.state(replica.store())).isEmpty();
  }

  @Test
  void commandWithNoBodyAnswersUnsupportedAndWritesNothing() {
    Applied applied = replica.apply(1, Command.newBuilder().setLeaderStampMillis(Commands.STAMP_MILLIS).build());

    assertThat(applied.result().getError().getCode()).isEqualTo(ErrorCode.UNSUPPORTED);
    assertThat(applied.events()).isEmpty();
    assertThat(StoreContents.state(replica.store())).isEmpty();
  }

  @Test
  void commandOfAKindOnlyANewerServerKnowsAnswersUnsupported() throws IOException {
    Command fromTheFuture = Command.parseFrom(withUnknownBodyField(Commands.marker()));
    assertThat(fromTheFuture.getBodyCase()).isEqualTo(Command.BodyCase.BODY_NOT_SET);

    Applied applied = replica.apply(1, fromTheFuture);

    assertThat(applied.result().getError().getCode()).isEqualTo(ErrorCode.UNSUPPORTED);
    assertThat(StoreContents.state(replica.store())).isEmpty();
  }

  @Test
  void markerAnswersNoneAndChangesNothing() {
    replica.apply(1, createSession(5_000, "web-1"));
    List<String> before = StoreContents.state(replica.store());

    Applied applied = replica.apply(2, Commands.marker());

    assertThat(applied.result().getBodyCase()).isEqualTo(CommandResult.BodyCase.NONE);
    assertThat(applied.events()).isEmpty();
    assertThat(StoreContents.state(replica.store())).isEqualTo(before);
  }

  /** The stamp of {@code base} plus a oneof case (field 99) that this binary's schema lacks. */
  private static byte[] withUnknownBodyField(Command base) throws IOException {
    Command stampOnly = Command.newBuilder().setLeaderStampMillis(base.getLeaderStampMillis()).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeRawBytes(stampOnly.toByteArray());
    out.writeBytes(99, ByteString.copyFromUtf8("some future body"));
    out.flush();
    return bytes.toByteArray();
  }
}
