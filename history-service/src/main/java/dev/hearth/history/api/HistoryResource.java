package dev.hearth.history.api;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hearth.contract.Ids;
import dev.hearth.contract.Times;
import dev.hearth.history.query.TimeRange;
import dev.hearth.history.store.SeriesPointRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The history query API that web-edge calls: the stored points of one series in a time range. */
@Path("/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    /** More raw points than this in one answer and the client must narrow the range (downsampling comes later). */
    static final int MAX_POINTS = 10_000;

    /** One stored point. */
    public record PointDto(String t, double value) {
    }

    /** The answer: the series, the window, and its points oldest first. */
    public record SeriesDto(String series, String from, String to, boolean truncated, List<PointDto> points) {
    }

    private final SeriesPointRepository points;

    public HistoryResource(SeriesPointRepository points) {
        this.points = points;
    }

    @GET
    @Path("/{kind}/{id}")
    @WithSession
    @Operation(summary = "Raw points of a sensor's or an actuator's series in [from, to)")
    public Uni<SeriesDto> series(@PathParam("kind") String kind, @PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        if (!kind.equals("sensors") && !kind.equals("actuators")) {
            throw new Problem(jakarta.ws.rs.core.Response.Status.NOT_FOUND, "No series kind '" + kind + "': use sensors or actuators");
        }
        if (!Ids.isValid(id)) {
            throw Problem.badRequest("'" + id + "' is not an id: ids match " + Ids.PATTERN);
        }
        TimeRange range;
        try {
            range = TimeRange.parse(from, to, Instant.now());
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
        String series = kind + "/" + id;
        return points.range(series, range.from(), range.to(), MAX_POINTS + 1).map(rows -> {
            boolean truncated = rows.size() > MAX_POINTS;
            List<PointDto> dtos = rows.stream().limit(MAX_POINTS).map(p -> new PointDto(Times.format(p.id.ts), p.value)).toList();
            return new SeriesDto(series, Times.format(range.from()), Times.format(range.to()), truncated, dtos);
        });
    }
}
