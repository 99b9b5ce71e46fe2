package io.aigateway.stt.vosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction of a model from the classpath, on a small stand-in model under test resources. */
class VoskModelInstallerTest {

    private static final ClassLoader LOADER = VoskModelInstallerTest.class.getClassLoader();

    @TempDir
    Path data;

    @Test
    void extractsEveryFileOnceWithAMarker() throws IOException {
        Path target = data.resolve("models/m");

        assertThat(VoskModelInstaller.install("installer-test/model", target, LOADER))
                .isEqualTo(target);

        assertThat(target.resolve("uuid")).hasContent("fake-model-uuid-1");
        assertThat(target.resolve("sub/final.mdl")).hasContent("weights");
        assertThat(target.resolve("model.conf")).hasContent("conf");
        assertThat(target.resolve(VoskModelInstaller.MARKER)).hasContent("fake-model-uuid-1");
        try (var left = Files.list(target.getParent())) {
            assertThat(left).as("no staging folder left behind").containsExactly(target);
        }
    }

    @Test
    void aModelAlreadyThereIsNotExtractedAgain() throws IOException {
        Path target = data.resolve("m");
        VoskModelInstaller.install("installer-test/model", target, LOADER);
        Files.writeString(target.resolve("model.conf"), "changed by hand");

        VoskModelInstaller.install("installer-test/model", target, LOADER);

        assertThat(target.resolve("model.conf")).hasContent("changed by hand");
    }

    @Test
    void aFolderWithAnotherModelsMarkerIsReplaced() throws IOException {
        Path target = data.resolve("m");
        Files.createDirectories(target);
        Files.writeString(target.resolve(VoskModelInstaller.MARKER), "an-older-model");
        Files.writeString(target.resolve("stale.bin"), "old");

        VoskModelInstaller.install("installer-test/model", target, LOADER);

        assertThat(target.resolve("stale.bin")).doesNotExist();
        assertThat(target.resolve(VoskModelInstaller.MARKER)).hasContent("fake-model-uuid-1");
    }

    @Test
    void aHalfExtractedFolderWithoutMarkerIsReplaced() throws IOException {
        Path target = data.resolve("m");
        Files.createDirectories(target);
        Files.writeString(target.resolve("uuid"), "fake-model-uuid-1");

        VoskModelInstaller.install("installer-test/model", target, LOADER);

        assertThat(target.resolve("sub/final.mdl")).hasContent("weights");
    }

    @Test
    void extractsFromAJarAsFromAPackagedWorker() throws IOException {
        Path jar = data.resolve("model.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String[] entry :
                    new String[][] {{"packed/model/uuid", "jar-model"}, {"packed/model/am/final.mdl", "w"}}) {
                out.putNextEntry(new JarEntry(entry[0]));
                out.write(entry[1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        Path target = data.resolve("from-jar");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            VoskModelInstaller.install("packed/model", target, loader);
        }

        assertThat(target.resolve("am/final.mdl")).hasContent("w");
        assertThat(target.resolve(VoskModelInstaller.MARKER)).hasContent("jar-model");
    }

    @Test
    void noModelOnTheClasspathSaysWhatToConfigure() {
        assertThatThrownBy(() -> VoskModelInstaller.install("no-such-model", data.resolve("m"), LOADER))
                .hasMessageContaining("no Vosk model on the classpath")
                .hasMessageContaining("gateway.stt.vosk.model-path");
    }

    @Test
    void theShippedModelIsOnTheClasspath() {
        assertThat(VoskTestModel.path().resolve("am/final.mdl")).isRegularFile();
        assertThat(VoskTestModel.path().resolve("graph/HCLr.fst")).isRegularFile();
    }
}
