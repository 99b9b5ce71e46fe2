package io.aigateway.stt.vosk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * Extracts the Vosk model shipped as classpath resources (the build unzips it from {@code vosk-model-en} into the
 * jar) into a folder, once: Vosk's native code reads a model from files, not from a jar. A marker file in the folder
 * holds the model's {@code uuid}; when it matches, the folder is used as it is. Extraction goes to a temporary sibling
 * folder first and is moved into place, so a crash mid-way leaves no half model behind.
 * The files are found in a folder ({@code mvn spring-boot:run}), a jar, or a jar nested in a Spring Boot jar alike.
 */
final class VoskModelInstaller {

    static final String MARKER = ".gateway-model-uuid";
    private static final Logger log = LoggerFactory.getLogger(VoskModelInstaller.class);

    private VoskModelInstaller() {}

    /**
     * Makes sure the model under {@code resourceRoot} (for example {@code vosk/model-en-us}) is in {@code target};
     * returns {@code target}.
     */
    static Path install(String resourceRoot, Path target, ClassLoader classLoader) {
        Map<String, Resource> files = find(resourceRoot, classLoader);
        Resource uuid = files.get("uuid");
        if (files.isEmpty() || uuid == null) {
            throw new IllegalStateException(
                    "no Vosk model on the classpath under " + resourceRoot
                            + " (built without the vosk-model-en unpack?); set gateway.stt.vosk.model-path to an unpacked model");
        }
        try {
            String version = read(uuid).strip();
            Path marker = target.resolve(MARKER);
            if (Files.isRegularFile(marker)
                    && Files.readString(marker, StandardCharsets.UTF_8).strip().equals(version)) {
                return target;
            }
            long started = System.nanoTime();
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staging = parent.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
            for (Map.Entry<String, Resource> file : files.entrySet()) {
                Path destination = staging.resolve(file.getKey()).normalize();
                if (!destination.startsWith(staging)) {
                    throw new IllegalStateException("model file outside the model folder: " + file.getKey());
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = file.getValue().getInputStream()) {
                    Files.copy(in, destination);
                }
            }
            Files.writeString(staging.resolve(MARKER), version, StandardCharsets.UTF_8);
            deleteTree(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            log.info(
                    "Vosk model {} ({} files) extracted to {} in {} ms",
                    resourceRoot,
                    files.size(),
                    target.toAbsolutePath(),
                    (System.nanoTime() - started) / 1_000_000);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the Vosk model to " + target.toAbsolutePath(), e);
        }
    }

    /**
     * Every file under the root, by its path relative to the root, found from the model's {@code uuid} file: in a
     * folder (classes on disk) by walking it, in a jar (also one nested in a Spring Boot jar, whose URL handler gives a
     * {@link JarURLConnection} too) by its entries, which need no directory entries.
     */
    private static Map<String, Resource> find(String resourceRoot, ClassLoader classLoader) {
        String root = resourceRoot.endsWith("/") ? resourceRoot : resourceRoot + "/";
        URL anchor = classLoader.getResource(root + "uuid");
        Map<String, Resource> files = new TreeMap<>();
        if (anchor == null) {
            return files;
        }
        try {
            if (anchor.getProtocol().equals("file")) {
                Path dir = Path.of(anchor.toURI()).getParent();
                try (var paths = Files.walk(dir)) {
                    for (Path file : paths.filter(Files::isRegularFile).toList()) {
                        files.put(dir.relativize(file).toString().replace('\\', '/'), new FileSystemResource(file));
                    }
                }
                return files;
            }
            URLConnection connection = anchor.openConnection();
            if (!(connection instanceof JarURLConnection jarConnection)) {
                throw new IllegalStateException("cannot list the Vosk model at " + anchor);
            }
            JarFile jar = jarConnection.getJarFile();
            String prefix = jarConnection
                    .getEntryName()
                    .substring(0, jarConnection.getEntryName().length() - "uuid".length());
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                if (!entry.isDirectory()
                        && entry.getName().startsWith(prefix)
                        && entry.getName().length() > prefix.length()) {
                    files.put(entry.getName().substring(prefix.length()), new JarEntryResource(jar, entry));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Vosk model at " + anchor, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the Vosk model at " + anchor, e);
        }
    }

    /** One entry of an open jar, read on demand. */
    private static final class JarEntryResource extends AbstractResource {
        private final JarFile jar;
        private final JarEntry entry;

        JarEntryResource(JarFile jar, JarEntry entry) {
            this.jar = jar;
            this.entry = entry;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return jar.getInputStream(entry);
        }

        @Override
        public String getDescription() {
            return "jar entry " + entry.getName();
        }
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
