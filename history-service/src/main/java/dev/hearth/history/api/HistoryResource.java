package dev.hearth.history.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.hearth.contract.Ids;
import dev.hearth.contract.Times;
import dev.hearth.history.query.Agg;
import dev.hearth.history.query.Downsampler;
import dev.hearth.history.query.SeriesQuery;
import dev.hearth.history.store.RetentionConfig;
import dev.hearth.history.store.SeriesReader;
import io.smallrye.mutiny.Uni;

/**
 * The history query API that web-edge calls: a series in buckets of a step, answered from the coarsest tier fine
 * enough, as JSON or CSV.
 */
@Path("/history")
public class HistoryResource {

    /** One bucket: its start, and the figures asked for (the others are left out). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BucketDto(String t, Double avg, Double min, Double max, Double last, Long count) {
    }

    /** The answer: the series, the window widened to whole steps, the step, the tier that answered, the buckets. */
    public record SeriesDto(String series, String from, String to, String step, String tier, List<BucketDto> points) {
    }

    private final SeriesReader reader;
    private final RetentionConfig retention;

    public HistoryResource(SeriesReader reader, RetentionConfig retention) {
        this.reader = reader;
        this.retention = retention;
    }

    @GET
    @Path("/{kind}/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A sensor's or an actuator's series in buckets: time-weighted avg, min, max, last, count")
    public Uni<SeriesDto> json(@PathParam("kind") String kind, @PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("step") String step, @QueryParam("agg") String agg) {
        return answer(kind, id, from, to, step, agg).map(HistoryResource::dto);
    }

    @GET
    @Path("/{kind}/{id}")
    @Produces("text/csv;qs=0.5") // JSON unless the client asks for CSV
    @Operation(summary = "The same series as CSV: a header line, then one line per bucket")
    public Uni<Response> csv(@PathParam("kind") String kind, @PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("step") String step, @QueryParam("agg") String agg) {
        return answer(kind, id, from, to, step, agg).map(answer -> Response.ok(Csv.of(answer.query().aggs(), answer.buckets()),
                "text/csv; charset=utf-8").header("Content-Disposition", "inline; filename=\""
                        + answer.query().series().replace('/', '-') + ".csv\"").build());
    }

    /** A planned query and its buckets. */
    record Answer(SeriesQuery query, List<Downsampler.Bucket> buckets) {
    }

    private Uni<Answer> answer(String kind, String id, String from, String to, String step, String agg) {
        if (!kind.equals("sensors") && !kind.equals("actuators")) {
            throw new Problem(Response.Status.NOT_FOUND, "No series kind '" + kind + "': use sensors or actuators");
        }
        if (!Ids.isValid(id)) {
            throw Problem.badRequest("'" + id + "' is not an id: ids match " + Ids.PATTERN);
        }
        String series = kind + "/" + id;
        Instant now = Instant.now();
        SeriesQuery query;
        try {
            query = SeriesQuery.plan(series, from, to, step, agg, now, retention::of);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
        // The series must exist; then its carried-in value and its rows, read at once. (The existence check and the
        // carried-in value go through Hibernate Reactive one after the other: a session is not for concurrent use.)
        return reader.exists(series).chain(exists -> {
            if (!exists) {
                throw new Problem(Response.Status.NOT_FOUND, "Nothing was ever stored for " + series);
            }
            return Uni.combine().all().unis(reader.valueBefore(query.tier(), series, query.from()),
                    reader.rows(query.tier(), series, query.from(), query.to())).asTuple();
        }).map(read -> new Answer(query, Downsampler.downsample(read.getItem2(), read.getItem1(), query.from().toEpochMilli(),
                query.step().toMillis(), now.toEpochMilli())));
    }

    private static SeriesDto dto(Answer answer) {
        SeriesQuery q = answer.query();
        return new SeriesDto(q.series(), Times.format(q.from()), Times.format(q.to()), q.step().toString(), q.tier().configName(),
                answer.buckets().stream().map(b -> dto(b, q.aggs())).toList());
    }

    private static BucketDto dto(Downsampler.Bucket b, Set<Agg> aggs) {
        return new BucketDto(Times.format(java.time.Instant.ofEpochMilli(b.startMs())),
                aggs.contains(Agg.AVG) ? b.avg() : null, aggs.contains(Agg.MIN) ? b.min() : null,
                aggs.contains(Agg.MAX) ? b.max() : null, aggs.contains(Agg.LAST) ? b.last() : null,
                aggs.contains(Agg.COUNT) ? b.count() : null);
    }
}
