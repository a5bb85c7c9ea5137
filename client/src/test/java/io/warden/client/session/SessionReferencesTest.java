package io.warden.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.AcquireRequest;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CloseSessionRequest;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.ListSessionsRequest;
import io.warden.protocol.client.ReleaseRequest;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SessionReferencesTest {

  @Test
  void requestsAboutOneSessionNameIt() {
    assertThat(
            SessionReferences.sessionIdOf(
                ClientMessage.newBuilder()
                    .setCloseSession(CloseSessionRequest.newBuilder().setSessionId(5))
                    .build()))
        .hasValue(5);
    assertThat(
            SessionReferences.sessionIdOf(
                ClientMessage.newBuilder()
                    .setAcquire(AcquireRequest.newBuilder().setSessionId(6).setName("a"))
                    .build()))
        .hasValue(6);
    assertThat(
            SessionReferences.sessionIdOf(
                ClientMessage.newBuilder()
                    .setRelease(ReleaseRequest.newBuilder().setSessionId(7))
                    .build()))
        .hasValue(7);
    assertThat(
            SessionReferences.sessionIdOf(
                ClientMessage.newBuilder()
                    .setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(8))
                    .build()))
        .hasValue(8);
  }

  @Test
  void aKeepaliveForSeveralSessionsCannotBePinnedOnOne() {
    assertThat(
            SessionReferences.sessionIdOf(
                ClientMessage.newBuilder()
                    .setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(1).addSessionIds(2))
                    .build()))
        .isEqualTo(OptionalLong.empty());
  }

  @Test
  void requestsAboutNoSessionNameNone() {
    assertThat(
            SessionReferences.sessionIdOf(
                ClientMessage.newBuilder()
                    .setListSessions(ListSessionsRequest.getDefaultInstance())
                    .build()))
        .isEmpty();
  }
}
