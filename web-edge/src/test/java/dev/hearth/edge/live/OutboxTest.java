package dev.hearth.edge.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

class OutboxTest {

    /** A socket that takes one frame and holds it until released, like one whose reader has stalled. */
    static final class StalledSocket {
        final List<String> written = new ArrayList<>();
        UniEmitter<? super Void> inFlight;

        Uni<Void> send(String frame) {
            return Uni.createFrom().emitter(e -> {
                written.add(frame);
                inFlight = e;
            });
        }

        /** Lets every frame through from now on. */
        void release(Outbox outbox, int max) {
            for (int i = 0; i < max && inFlight != null; i++) {
                UniEmitter<? super Void> e = inFlight;
                inFlight = null;
                e.complete(null);
            }
        }
    }

    private final AtomicInteger overflows = new AtomicInteger();
    private final AtomicInteger replaced = new AtomicInteger();

    @Test
    void aSendThatThrowsLosesItsFrameButHoldsUpNoneBehindIt() {
        List<String> written = new ArrayList<>();
        Outbox outbox = new Outbox(frame -> {
            if (frame.equals("boom")) {
                throw new IllegalStateException("the socket closed under us");
            }
            written.add(frame);
            return Uni.createFrom().voidItem();
        }, overflows::incrementAndGet, replaced::incrementAndGet);
        outbox.answer("boom");
        outbox.answer("pong");
        outbox.update("sensors/a", "a=1");
        assertThat(written).containsExactly("pong", "a=1");
        assertThat(outbox.waiting()).isZero();
    }

    @Test
    void aStalledClientCostsOneFramePerTopicAndGetsTheNewestValuesInOrderWhenItReadsAgain() {
        StalledSocket socket = new StalledSocket();
        Outbox outbox = new Outbox(socket::send, overflows::incrementAndGet, replaced::incrementAndGet);
        outbox.answer("snapshot");
        for (int round = 0; round < 1000; round++) {
            for (int topic = 0; topic < 10; topic++) {
                outbox.update("sensors/t" + topic, "t" + topic + "=" + round);
            }
        }
        outbox.answer("pong");
        // The snapshot is on the wire; behind it one update per topic and the answer, nothing more.
        assertThat(socket.written).containsExactly("snapshot");
        assertThat(outbox.waiting()).isEqualTo(11);
        assertThat(replaced.get()).isEqualTo(10 * 1000 - 10);

        socket.release(outbox, 100);
        assertThat(socket.written).hasSize(12);
        assertThat(socket.written.get(0)).isEqualTo("snapshot");
        // Each topic once, newest value, in the order the topics first waited; the answer after them.
        for (int topic = 0; topic < 10; topic++) {
            assertThat(socket.written.get(1 + topic)).isEqualTo("t" + topic + "=999");
        }
        assertThat(socket.written.get(11)).isEqualTo("pong");
        assertThat(outbox.waiting()).isZero();
    }

    @Test
    void aNewerValueNeverOvertakesASnapshotQueuedAfterTheValueItReplaces() {
        StalledSocket socket = new StalledSocket();
        Outbox outbox = new Outbox(socket::send, overflows::incrementAndGet, replaced::incrementAndGet);
        outbox.update("sensors/b", "b=1"); // on the wire
        outbox.update("sensors/a", "a=1");
        outbox.answer("snapshot with a=1");
        outbox.update("sensors/a", "a=2");
        socket.release(outbox, 100);
        assertThat(socket.written).containsExactly("b=1", "snapshot with a=1", "a=2");
        assertThat(replaced.get()).isEqualTo(1);
    }

    @Test
    void remembersTheTopicsUpdatedSinceAMarkWhetherStillWaitingOrAlreadySent() {
        StalledSocket socket = new StalledSocket();
        Outbox outbox = new Outbox(socket::send, overflows::incrementAndGet, replaced::incrementAndGet);
        outbox.update("sensors/before", "x");
        outbox.mark();
        outbox.update("sensors/a", "a=1"); // waits behind "x"
        socket.release(outbox, 1); // "x" done, "a=1" now on the wire
        outbox.update("sensors/b", "b=1"); // waits
        assertThat(outbox.updatedSinceMark()).containsExactlyInAnyOrder("sensors/a", "sensors/b");
        assertThat(outbox.updatedSinceMark()).isEmpty();
        assertThat(outbox.dropUpdate("sensors/b")).isTrue();
        assertThat(outbox.dropUpdate("sensors/a")).as("already sent").isFalse();
    }

    @Test
    void answersAreNeverReplacedButTooManyUnreadOnesCutTheClientOff() {
        StalledSocket socket = new StalledSocket();
        Outbox outbox = new Outbox(socket::send, overflows::incrementAndGet, replaced::incrementAndGet);
        for (int i = 0; i <= Outbox.MAX_ANSWERS; i++) {
            outbox.answer("error " + i);
        }
        assertThat(overflows.get()).isZero();
        outbox.answer("one too many");
        assertThat(overflows.get()).isEqualTo(1);
        socket.release(outbox, 1000);
        assertThat(socket.written).hasSize(Outbox.MAX_ANSWERS + 1).startsWith("error 0", "error 1");
    }

    @Test
    void aFewHugeUnreadAnswersCutTheClientOffToo() {
        StalledSocket socket = new StalledSocket();
        Outbox outbox = new Outbox(socket::send, overflows::incrementAndGet, replaced::incrementAndGet);
        String snapshot = "x".repeat(1 << 20);
        for (int i = 0; i < 9; i++) {
            outbox.answer(snapshot); // the first goes on the wire, eight wait
        }
        assertThat(overflows.get()).isZero();
        outbox.answer(snapshot);
        assertThat(overflows.get()).isEqualTo(1);
    }

    @Test
    void aSocketThatCompletesAtOnceGetsEverythingWithoutDeepRecursion() {
        List<String> written = new ArrayList<>();
        Outbox outbox = new Outbox(frame -> {
            written.add(frame);
            return Uni.createFrom().voidItem();
        }, overflows::incrementAndGet, replaced::incrementAndGet);
        for (int i = 0; i < 100_000; i++) {
            outbox.update("sensors/t" + (i % 7), "v" + i);
        }
        assertThat(written).hasSize(100_000).endsWith("v99999");
        assertThat(replaced.get()).isZero();
    }
}
