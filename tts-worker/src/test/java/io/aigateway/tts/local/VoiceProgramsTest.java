package io.aigateway.tts.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.tts.synthesize.VoiceInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program voices. Stand-in programs (shell scripts that behave like flite: list voices, write a WAV, fail, hang)
 * test the process handling everywhere; the real flite and festival are tried only when installed, and those tests
 * report themselves skipped otherwise.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class VoiceProgramsTest {

    @TempDir
    Path dir;

    @Test
    void parsesFliteAndFestivalVoiceLists() {
        assertThat(VoicePrograms.fliteVoices("Voices available: kal awb_time kal16 awb rms slt\n"))
                .containsExactly("kal", "awb_time", "kal16", "awb", "rms", "slt");
        assertThat(VoicePrograms.fliteVoices("flite: unknown option")).isEmpty();
        assertThat(VoicePrograms.festivalVoices("festival> (kal_diphone rab_diphone)\nfestival> "))
                .containsExactly("kal_diphone", "rab_diphone");
        assertThat(VoicePrograms.languageOf("rab_diphone")).isEqualTo("en-GB");
        assertThat(VoicePrograms.languageOf("slt")).isEqualTo("en-US");
    }

    @Test
    void aMissingProgramAddsNoVoices() {
        VoicePrograms programs = VoicePrograms.discover(new VoiceProgramProperties(
                true,
                dir.resolve("no-flite").toString(),
                dir.resolve("no-festival").toString(),
                "text2wave",
                Duration.ofSeconds(5)));

        assertThat(programs.voices()).isEmpty();
    }

    @Test
    void aFliteLikeProgramIsListedAndWritesTheWav() throws IOException {
        Path wav = dir.resolve("fixture.wav");
        Files.write(wav, Wav.pcm16Mono(16_000, new byte[16_000]));
        VoicePrograms programs = programs(script(
                "fake-flite",
                "if [ \"$1\" = -lv ]; then echo 'Voices available: slt rms'; exit 0; fi",
                "while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then cp '" + wav + "' \"$2\"; fi; shift; done"));

        assertThat(programs.voices())
                .containsExactly(
                        new VoiceInfo("flite:slt", "flite", "en-US"), new VoiceInfo("flite:rms", "flite", "en-US"));
        assertThat(programs.find("FLITE:slt")).isPresent();
        assertThat(programs.find("flite:kal")).isEmpty();
        assertThat(programs.speak(programs.find("flite:slt").orElseThrow(), "hello"))
                .isEqualTo(Files.readAllBytes(wav));
    }

    @Test
    void aFailingProgramIsRejectedWithItsOutputAndNotRetried() throws IOException {
        VoicePrograms programs = programs(script(
                "fake-flite",
                "if [ \"$1\" = -lv ]; then echo 'Voices available: slt'; exit 0; fi",
                "echo 'cannot open voice' >&2; exit 3"));

        assertThatThrownBy(() -> programs.speak(programs.find("flite:slt").orElseThrow(), "hello"))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_REJECTED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("exited with 3").contains("cannot open voice");
                });
    }

    @Test
    void aProgramThatWritesNoWavIsRejected() throws IOException {
        VoicePrograms programs = programs(script(
                "fake-flite",
                "if [ \"$1\" = -lv ]; then echo 'Voices available: slt'; exit 0; fi",
                "while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then echo garbage > \"$2\"; fi; shift; done"));

        assertThatThrownBy(() -> programs.speak(programs.find("flite:slt").orElseThrow(), "hello"))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_REJECTED);
                    assertThat(e.getMessage()).contains("no usable WAV");
                });
    }

    @Test
    void aHangingProgramIsKilledAtTheTimeoutAsRetryable() throws IOException {
        VoicePrograms programs = VoicePrograms.discover(new VoiceProgramProperties(
                true,
                script(
                                "fake-flite",
                                "if [ \"$1\" = -lv ]; then echo 'Voices available: slt'; exit 0; fi",
                                "exec sleep 30")
                        .toString(),
                dir.resolve("no-festival").toString(),
                "text2wave",
                Duration.ofMillis(300)));

        assertThatThrownBy(() -> programs.speak(programs.find("flite:slt").orElseThrow(), "hello"))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_TIMEOUT);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void realFliteSpeaksWhenInstalled() throws IOException {
        assumeTrue(VoicePrograms.which("flite").isPresent(), "flite is not installed: real flite test skipped");
        VoicePrograms programs = VoicePrograms.discover(VoiceProgramProperties.defaults());
        VoiceInfo voice = programs.voices().stream()
                .filter(v -> v.engine().equals("flite"))
                .findFirst()
                .orElseThrow();

        byte[] wav = programs.speak(voice, "My VPN connection keeps dropping.");

        assertThat(Wav.durationSeconds(wav)).isGreaterThan(0.5);
    }

    @Test
    void realFestivalSpeaksWhenInstalled() throws IOException {
        assumeTrue(
                VoicePrograms.which("festival").isPresent()
                        && VoicePrograms.which("text2wave").isPresent(),
                "festival is not installed: real festival test skipped");
        VoicePrograms programs = VoicePrograms.discover(VoiceProgramProperties.defaults());
        VoiceInfo voice = programs.voices().stream()
                .filter(v -> v.engine().equals("festival"))
                .findFirst()
                .orElseThrow();

        byte[] wav = programs.speak(voice, "My VPN connection keeps dropping.");

        assertThat(Wav.durationSeconds(wav)).isGreaterThan(0.5);
    }

    private VoicePrograms programs(Path flite) {
        return VoicePrograms.discover(new VoiceProgramProperties(
                true, flite.toString(), dir.resolve("no-festival").toString(), "text2wave", Duration.ofSeconds(10)));
    }

    private Path script(String name, String... lines) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
