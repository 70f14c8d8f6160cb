package dev.hearth.edge.live;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.contract.topic.TopicFilter;
import dev.hearth.edge.command.Commands;
import dev.hearth.edge.json.StrictJson;
import dev.hearth.edge.security.CurrentRoles;
import dev.hearth.edge.security.Identities;
import dev.hearth.edge.security.Role;
import io.smallrye.mutiny.Uni;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /ws/live}: live values of the home for browsers and scripts. A client subscribes with MQTT-style filters
 * relative to {@code hearth/{home}/}, gets one snapshot of what matches, then updates; an operator may also command
 * actuators. A bad frame gets an error frame and the connection stays open. Every frame to a client goes through its
 * {@link Outbox} (see {@link LiveHub}). The handshake needs credentials (see {@code application.properties}).
 */
@WebSocket(path = "/ws/live")
@Authenticated
public class LiveTopicSocket {

    static final int MAX_FILTERS_PER_FRAME = LiveHub.MAX_FILTERS;

    private final LiveHub hub;
    private final Commands commands;
    private final CurrentRoles roles;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public LiveTopicSocket(LiveHub hub, Commands commands, CurrentRoles roles, SecurityIdentity identity, ObjectMapper json,
            MeterRegistry metrics) {
        this.hub = hub;
        this.commands = commands;
        this.roles = roles;
        this.identity = identity;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * What a client sends: {@code {"op":"subscribe","filters":["sensors/+"]}}, {@code unsubscribe}, {@code ping}, or
     * {@code {"op":"command","actuator":"living-lamp","value":1,"ttlMs":600000,"ref":"c1"}}.
     */
    public record ClientFrame(String op, List<String> filters, String actuator, Double value, Long ttlMs, String ref) {
        static final String EXAMPLE = "{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}";
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        hub.open(connection, identity.getPrincipal().getName(), identity.getAttribute(Identities.TOKEN_ID));
    }

    /** On the event loop (it returns a Uni): a command reads the user again through Hibernate Reactive. */
    @OnTextMessage
    public Uni<Void> onFrame(String text, WebSocketConnection connection) {
        String id = connection.id();
        ClientFrame frame;
        try {
            frame = StrictJson.read("A frame", text, ClientFrame.class, ClientFrame.EXAMPLE);
        } catch (StrictJson.BadInput e) {
            hub.answer(id, error(null, e.getMessage()));
            return Uni.createFrom().voidItem();
        }
        String op = frame.op() == null ? "" : frame.op();
        switch (op) {
            case "ping" -> hub.answer(id, "{\"op\":\"pong\"}");
            case "subscribe" -> {
                String problem = problem(frame.filters());
                if (problem == null) {
                    problem = hub.subscribe(id, frame.filters());
                }
                if (problem != null) {
                    hub.answer(id, error(null, problem));
                }
            }
            case "unsubscribe" -> {
                String problem = problem(frame.filters());
                if (problem != null) {
                    hub.answer(id, error(null, problem));
                } else {
                    hub.unsubscribe(id, frame.filters());
                }
            }
            case "command" -> {
                return command(id, frame);
            }
            default -> hub.answer(id, error(frame.ref(), "unknown op '" + op + "': use subscribe, unsubscribe, ping or command"));
        }
        return Uni.createFrom().voidItem();
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        hub.forget(connection.id());
    }

    /** Answered with {@code commandAccepted} (and the command id) once the broker has it, or an {@code error}. */
    private Uni<Void> command(String connectionId, ClientFrame frame) {
        if (!identity.hasRole(Role.OPERATOR.id())) {
            hub.answer(connectionId, error(frame.ref(), "commands need the operator role"));
            return Uni.createFrom().voidItem();
        }
        return roles.now(identity).invoke(role -> {
            if (role.isEmpty() || role.get().compareTo(Role.OPERATOR) < 0) {
                hub.answer(connectionId, error(frame.ref(), "commands need the operator role (yours changed, or your user or token is gone)"));
            } else {
                send(connectionId, frame);
            }
        }).replaceWithVoid();
    }

    private void send(String connectionId, ClientFrame frame) {
        if (frame.actuator() == null) {
            hub.answer(connectionId, error(frame.ref(), "'actuator' is missing: send {\"op\":\"command\",\"actuator\":\"…\",\"value\":1}"));
            return;
        }
        try {
            commands.send(frame.actuator(), frame.value(), frame.ttlMs(), identity.getPrincipal().getName())
                    .whenComplete((sent, failure) -> hub.answer(connectionId, failure == null
                            ? accepted(frame.ref(), sent.id())
                            : error(frame.ref(), "the broker did not accept the command: " + failure.getMessage())));
        } catch (Commands.Refused e) {
            hub.answer(connectionId, error(frame.ref(), e.getMessage()));
        }
    }

    private static String problem(List<String> filters) {
        if (filters == null || filters.isEmpty()) {
            return "'filters' must be a non-empty array of topic filters like \"sensors/+\"";
        }
        if (filters.size() > MAX_FILTERS_PER_FRAME) {
            return "at most " + MAX_FILTERS_PER_FRAME + " filters per frame";
        }
        for (String f : filters) {
            String problem = f == null ? "every filter must be a string" : TopicFilter.problem(f);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Like {@link #error}, without {@code ref} when the frame had none. */
    private String accepted(String ref, String id) {
        ObjectNode accepted = json.createObjectNode().put("op", "commandAccepted");
        if (ref != null) {
            accepted.put("ref", ref);
        }
        return accepted.put("id", id).toString();
    }

    private String error(String ref, String message) {
        metrics.counter("hearth.edge.ws.rejected").increment();
        ObjectNode error = json.createObjectNode().put("op", "error");
        if (ref != null) {
            error.put("ref", ref);
        }
        return error.put("message", message).toString();
    }
}
