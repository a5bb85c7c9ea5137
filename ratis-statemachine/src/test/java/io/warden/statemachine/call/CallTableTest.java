package io.warden.statemachine.call;

import static io.warden.statemachine.testing.Commands.createSession;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.ClientCall;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.LeadershipMarker;
import io.warden.protocol.command.SessionRecord;
import io.warden.statemachine.apply.Applied;
import io.warden.statemachine.apply.Positions;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.store.Family;
import io.warden.statemachine.testing.ReplicaTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A re-sent client write applies once; records go when the client says so, or falls silent. */
class CallTableTest extends ReplicaTest {
  static final ByteString CLIENT = ByteString.copyFrom(new byte[16]);
  static final ByteString OTHER_CLIENT = ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

  @Test
  void reSentCallIsAnsweredAsTheFirstTimeAndChangesNothing() {
    Command create = call(CLIENT, 7, 7, createSession(5_000, "web"));
    CommandResult first = replica.apply(10, create).result();

    Applied again = replica.apply(11, create);

    assertThat(again.result()).isEqualTo(first);
    assertThat(again.events()).isEmpty();
    assertThat(SessionTable.all(replica.store())).extracting(SessionRecord::getId).containsExactly(10L);
  }

  @Test
  void theSameRequestIdOfAnotherClientIsAnotherCall() {
    replica.apply(10, call(CLIENT, 7, 7, createSession(5_000, "web")));

    replica.apply(11, call(OTHER_CLIENT, 7, 7, createSession(5_000, "db")));

    assertThat(SessionTable.all(replica.store())).extracting(SessionRecord::getId).containsExactly(10L, 11L);
  }

  @Test
  void answersBelowTheClientsFirstUnansweredIdAreForgotten() {
    replica.apply(10, call(CLIENT, 1, 1, createSession(5_000, "a")));
    replica.apply(11, call(CLIENT, 2, 1, createSession(5_000, "b")));

    replica.apply(12, call(CLIENT, 3, 2, createSession(5_000, "c")));

    assertThat(requestIdsRecorded(CLIENT)).containsExactly(2L, 3L);
  }

  @Test
  void answersAtOrAboveTheFirstUnansweredIdStay() {
    replica.apply(10, call(CLIENT, 5, 5, createSession(5_000, "a")));
    replica.apply(11, call(CLIENT, 3, 3, createSession(5_000, "b")));

    CommandResult reSent = replica.apply(12, call(CLIENT, 5, 3, createSession(5_000, "a"))).result();

    assertThat(reSent.getCreateSession().getSessionId()).isEqualTo(10);
    assertThat(requestIdsRecorded(CLIENT)).containsExactly(3L, 5L);
  }

  @Test
  void theRecordsOfAClientSilentForTheWholeWindowGoAtTheSweep() {
    replica.apply(Positions.first(1), call(CLIENT, 1, 1, createSession(5_000, "gone")));
    long sweepIndex = CallTable.RETAINED_ENTRIES + CallTable.SWEEP_EVERY;
    replica.apply(Positions.first(sweepIndex - 10), call(OTHER_CLIENT, 1, 1, createSession(5_000, "recent")));

    replica.applyEntry(sweepIndex, Command.newBuilder().setMarker(LeadershipMarker.getDefaultInstance()).build());

    assertThat(requestIdsRecorded(CLIENT)).isEmpty();
    assertThat(requestIdsRecorded(OTHER_CLIENT)).containsExactly(1L);
  }

  @Test
  void noSweepBetweenSweepIndexes() {
    replica.apply(Positions.first(1), call(CLIENT, 1, 1, createSession(5_000, "gone")));

    replica.applyEntry(CallTable.RETAINED_ENTRIES + CallTable.SWEEP_EVERY + 1,
        Command.newBuilder().setMarker(LeadershipMarker.getDefaultInstance()).build());

    assertThat(requestIdsRecorded(CLIENT)).containsExactly(1L);
  }

  @Test
  void aCallWithoutAWholeClientIdIsRefusedAndChangesNothing() {
    Applied applied = replica.apply(10, call(ByteString.copyFrom(new byte[] {1, 2, 3}), 1, 1, createSession(5_000, "web")));

    assertThat(applied.result().getError().getCode()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(applied.result().getError().getMessage()).contains("16-byte client id");
    assertThat(SessionTable.all(replica.store())).isEmpty();
  }

  @Test
  void aCallWithRequestIdZeroIsRefused() {
    Applied applied = replica.apply(10, call(CLIENT, 0, 0, createSession(5_000, "web")));

    assertThat(applied.result().getError().getCode()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(SessionTable.all(replica.store())).isEmpty();
  }

  static Command call(ByteString client, long requestId, long firstUnanswered, Command command) {
    return command.toBuilder().setCall(ClientCall.newBuilder()
        .setClientId(client).setRequestId(requestId).setFirstUnansweredId(firstUnanswered)).build();
  }

  /** The request ids whose answers are recorded for {@code client}, in key order. */
  private List<Long> requestIdsRecorded(ByteString client) {
    byte[] prefix = client.toByteArray();
    List<Long> ids = new ArrayList<>();
    replica.store().forEachWithPrefix(Family.CALLS, prefix, (key, value) -> {
      if (key.length == CallTable.CLIENT_ID_BYTES + Long.BYTES) {
        ids.add(ByteBuffer.wrap(key, CallTable.CLIENT_ID_BYTES, Long.BYTES).getLong());
      }
    });
    return ids;
  }
}
