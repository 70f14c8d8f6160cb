package dev.hearth.edge.live;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * What one WebSocket connection has yet to receive, in order, with one frame on the wire at a time. Answers (snapshot,
 * errors, pong, command results) are kept in full; an update waiting for a topic is replaced by a newer one of the
 * same topic. So a client that reads slowly, or not at all, costs at most one frame per topic plus its own answers,
 * and gets the newest values when it catches up; nobody else waits for it. One frame at a time also keeps the order:
 * frames sent from different threads could overtake each other on the way to the socket.
 */
final class Outbox {

    /** Answers a client may leave unread before it is cut off (it is sending faster than it reads). */
    static final int MAX_ANSWERS = 256;

    /** Answers' bytes a client may leave unread (a client re-sending subscribe for everything, reading nothing). */
    static final long MAX_ANSWER_BYTES = 8L << 20;

    /** A waiting frame, and how many answers had been queued when it took its place. */
    private record Waiting(String frame, long answersBefore) {
    }

    private final Map<String, Waiting> queued = new LinkedHashMap<>();
    private final Function<String, Uni<Void>> send;
    private final Runnable overflow;
    private final Runnable replaced;
    private long answerSeq;
    private int answers;
    private long answerBytes;
    private boolean sending;
    private boolean draining;
    private Set<String> updatedSinceMark;
    /** Overflowed: the connection is being closed, and nothing more is queued for it. */
    private boolean cutOff;

    /**
     * {@code send} writes one frame; {@code overflow} runs when a client leaves too many answers unread, {@code replaced}
     * each time a waiting update gives way to a newer one.
     */
    Outbox(Function<String, Uni<Void>> send, Runnable overflow, Runnable replaced) {
        this.send = send;
        this.overflow = overflow;
        this.replaced = replaced;
    }

    /**
     * An update of a topic: replaces one of the same topic still waiting, in its place, unless an answer (a snapshot)
     * was queued after that one: then the newer value goes behind the answer, or the client would see it first and
     * the snapshot's older value after it.
     */
    synchronized void update(String topic, String frame) {
        if (updatedSinceMark != null) {
            updatedSinceMark.add(topic);
        }
        Waiting waiting = queued.get(topic);
        if (waiting != null) {
            replaced.run();
            if (waiting.answersBefore() == answerSeq) {
                queued.put(topic, new Waiting(frame, answerSeq));
                drain();
                return;
            }
            queued.remove(topic);
        }
        queued.put(topic, new Waiting(frame, answerSeq));
        drain();
    }

    /** An answer to the client: never replaced, never dropped. */
    synchronized void answer(String frame) {
        if (cutOff) {
            return;
        }
        if (answers >= MAX_ANSWERS || answerBytes + frame.length() > MAX_ANSWER_BYTES) {
            cutOff = true;
            overflow.run();
            return;
        }
        answers++;
        answerBytes += frame.length();
        // A key no topic can be (topics never hold a NUL).
        queued.put("\0" + answerSeq++, new Waiting(frame, answerSeq));
        drain();
    }

    /** Takes back an update of this topic still waiting (a snapshot about to be queued carries a newer value). */
    synchronized boolean dropUpdate(String topic) {
        return queued.remove(topic) != null;
    }

    /** From now on, remembers which topics get an update (queued, or already sent), until {@link #updatedSinceMark}. */
    synchronized void mark() {
        updatedSinceMark = new HashSet<>();
    }

    /** Notes an update of a topic that is not sent (its filter's snapshot is still being built). */
    synchronized void noteUpdated(String topic) {
        if (updatedSinceMark != null) {
            updatedSinceMark.add(topic);
        }
    }

    /** The topics updated since {@link #mark}; stops remembering. */
    synchronized Set<String> updatedSinceMark() {
        Set<String> topics = updatedSinceMark == null ? Set.of() : updatedSinceMark;
        updatedSinceMark = null;
        return topics;
    }

    synchronized int waiting() {
        return queued.size();
    }

    private void drain() {
        if (draining) {
            return; // a send that completed at once, inside the loop below: the loop goes on
        }
        draining = true;
        try {
            while (!sending && !queued.isEmpty()) {
                Iterator<Map.Entry<String, Waiting>> first = queued.entrySet().iterator();
                Map.Entry<String, Waiting> next = first.next();
                first.remove();
                String frame = next.getValue().frame();
                if (next.getKey().startsWith("\0")) {
                    answers--;
                    answerBytes -= frame.length();
                }
                Uni<Void> write;
                try {
                    write = send.apply(frame);
                } catch (RuntimeException e) {
                    // A socket that throws rather than failing its Uni (closed under us): that frame is gone, as with
                    // a failed write, and the next one goes.
                    continue;
                }
                sending = true;
                write.subscribe().withSubscriber(new Sent());
            }
        } finally {
            draining = false;
        }
    }

    /**
     * Told once when the frame on the wire is written (or failed). A subscriber rather than {@code with(ok, failure)}:
     * with context propagation on, Mutiny wraps each callback given to {@code with} in a capture of the thread's
     * contexts, two per frame and connection, which were most of web-edge's garbage under load (a JFR allocation
     * profile of bench/run). What {@code with} also gave is kept: one signal counts, and a failure here stays here.
     */
    private final class Sent implements UniSubscriber<Void> {
        private boolean done;

        @Override
        public void onSubscribe(UniSubscription subscription) {
        }

        @Override
        public void onItem(Void item) {
            once();
        }

        @Override
        public void onFailure(Throwable failure) {
            once();
        }

        private void once() {
            synchronized (Outbox.this) {
                if (done) {
                    return;
                }
                done = true;
            }
            try {
                sent();
            } catch (RuntimeException e) {
                Infrastructure.handleDroppedException(e);
            }
        }
    }

    private synchronized void sent() {
        sending = false;
        drain();
    }
}
