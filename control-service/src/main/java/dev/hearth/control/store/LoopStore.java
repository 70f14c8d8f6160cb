package dev.hearth.control.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.LoopConfig;

/**
 * control-service's own record of its loops, so that a change made at run time survives a restart of the service
 * and of the broker (a retained message alone would not: a broker without persistence forgets it). One JSON file,
 * {@code loops.json}, replaced atomically: every loop's configuration as on the broker, and the ids of loops removed,
 * so that a loop removed at run time does not come back from the configuration file.
 */
public class LoopStore {

    private static final Logger LOG = Logger.getLogger(LoopStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the store holds. */
    public record Contents(List<LoopConfig> loops, TreeSet<String> removed) {
    }

    private final Path file;

    public LoopStore(Path dir) {
        this.file = dir.resolve("loops.json");
    }

    public Path file() {
        return file;
    }

    /**
     * The stored loops, or empty when nothing was ever stored. A loop the contract refuses is logged and skipped; a
     * file that cannot be read at all is set aside ({@code loops.json.unreadable-…}) with an error, and the loops of
     * the configuration run: a service that controls the heating must start.
     */
    public Optional<Contents> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read());
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            LOG.errorf("Cannot read the loops stored in %s (%s); set it aside as %s and start from the configuration", file,
                    e.getMessage(), aside);
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                throw new UncheckedIOException("Cannot set aside the unreadable " + file + ": " + moveFailed.getMessage(), moveFailed);
            }
            return Optional.empty();
        }
    }

    private Contents read() throws IOException {
        JsonNode root = JSON.readTree(Files.readAllBytes(file));
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        List<LoopConfig> loops = new ArrayList<>();
        for (JsonNode node : root.path("loops")) {
            Parsed<LoopConfig> parsed = ContractReader.loopConfig(JSON.writeValueAsBytes(node));
            if (parsed.isOk()) {
                loops.add(parsed.value());
            } else {
                LOG.errorf("Skipped a stored loop in %s: %s", file, parsed.rejection().message());
            }
        }
        TreeSet<String> removed = new TreeSet<>();
        root.path("removed").forEach(id -> removed.add(id.asText()));
        return new Contents(loops, removed);
    }

    public void save(Contents contents) {
        try {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode loops = root.putArray("loops");
            for (LoopConfig loop : contents.loops()) {
                loops.add(JSON.readTree(ContractWriter.write(loop)));
            }
            ArrayNode removed = root.putArray("removed");
            contents.removed().forEach(removed::add);
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8)));
                out.force(true); // on disk before it replaces the old file: a power cut leaves one or the other, whole
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            // The rename is on disk only once the directory is: until then a power cut can bring back the old file,
            // though the change was answered "accepted".
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // A file system that cannot open or sync a directory (not Linux's): the file itself is whole either way.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the loops in " + file + ": " + e.getMessage(), e);
        }
    }
}
