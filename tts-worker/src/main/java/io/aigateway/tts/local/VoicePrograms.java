package io.aigateway.tts.local;

import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.tts.synthesize.VoiceInfo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voices of external programs: flite ({@code flite:<voice>}) and festival ({@code festival:<voice>}), found on the
 * {@code PATH} (or at configured paths) once, at start, together with the voices each one lists. A program that is
 * not installed simply adds no voices.
 *
 * <p>Each synthesis writes the text to a temporary file, runs the program with a WAV file as output
 * ({@code flite -voice slt -f in.txt -o out.wav}; festival's {@code text2wave -eval (voice_kal_diphone) -o out.wav
 * in.txt}), and kills it after {@code timeout}. The program's own output goes to a temporary log whose tail is quoted
 * when it fails. Failures: timeout is {@code provider_timeout} (retryable); killed by a signal (exit above 128) is
 * {@code provider_unavailable} (retryable); a program that cannot be started (or exit 126/127) is
 * {@code provider_unavailable}, not retryable (the installation changed); any other exit code, or output that is not a
 * WAV, is {@code provider_rejected}, not retryable (the same text would fail again).
 */
final class VoicePrograms {

    static final String FLITE = "flite";
    static final String FESTIVAL = "festival";
    private static final Logger log = LoggerFactory.getLogger(VoicePrograms.class);
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;
    private final Path flite;
    private final Path text2wave;
    /** by lower-case name as jobs ask for it ({@code flite:slt}) */
    private final Map<String, VoiceInfo> voices = new LinkedHashMap<>();
    /** lower-case name as jobs ask for it to the program's own name for the voice ({@code slt}) */
    private final Map<String, String> programVoice = new LinkedHashMap<>();

    private VoicePrograms(Duration timeout, Path flite, Path text2wave) {
        this.timeout = timeout;
        this.flite = flite;
        this.text2wave = text2wave;
    }

    /** Looks for the programs and asks each for its voices; nothing found means no program voices. */
    static VoicePrograms discover(VoiceProgramProperties properties) {
        if (!properties.enabled()) {
            return new VoicePrograms(properties.timeout(), null, null);
        }
        Path flite = which(properties.flite()).orElse(null);
        Path festival = which(properties.festival()).orElse(null);
        Path text2wave = festival == null ? null : which(properties.text2wave()).orElse(null);
        VoicePrograms programs = new VoicePrograms(properties.timeout(), flite, text2wave);
        if (flite != null) {
            listVoices(List.of(flite.toString(), "-lv"), null)
                    .map(VoicePrograms::fliteVoices)
                    .ifPresent(names -> names.forEach(n -> programs.add(FLITE, n)));
        }
        if (festival != null && text2wave != null) {
            listVoices(List.of(festival.toString(), "--pipe"), "(print (voice.list))\n")
                    .map(VoicePrograms::festivalVoices)
                    .ifPresent(names -> names.forEach(n -> programs.add(FESTIVAL, n)));
        }
        log.info(
                "Voice programs: flite {}, festival {}; voices {}",
                flite == null ? "not found" : flite,
                festival == null ? "not found" : text2wave == null ? festival + " (without text2wave)" : festival,
                programs.voices.keySet());
        return programs;
    }

    private void add(String engine, String programVoiceName) {
        String name = engine + ":" + programVoiceName;
        voices.put(name.toLowerCase(Locale.ROOT), new VoiceInfo(name, engine, languageOf(programVoiceName)));
        programVoice.put(name.toLowerCase(Locale.ROOT), programVoiceName);
    }

    List<VoiceInfo> voices() {
        return List.copyOf(voices.values());
    }

    /**
     * The voice a job's name means: exact ({@code festival:kal_diphone}) or, for festival, the one voice that starts
     * with the name and an underscore ({@code festival:kal}).
     */
    Optional<VoiceInfo> find(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (voices.containsKey(key)) {
            return Optional.of(voices.get(key));
        }
        List<VoiceInfo> prefixed = voices.values().stream()
                .filter(v -> v.name().toLowerCase(Locale.ROOT).startsWith(key + "_"))
                .toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }

    /** Speaks with a voice {@link #find(String) found} here; returns the WAV the program wrote. */
    byte[] speak(VoiceInfo voice, String text) {
        String own = programVoice.get(voice.name().toLowerCase(Locale.ROOT));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gateway-tts-");
            Path in = dir.resolve("text.txt");
            Path out = dir.resolve("speech.wav");
            Files.writeString(in, text + "\n", StandardCharsets.UTF_8);
            List<String> command = voice.engine().equals(FLITE)
                    ? List.of(flite.toString(), "-voice", own, "-f", in.toString(), "-o", out.toString())
                    : List.of(
                            text2wave.toString(), "-eval", "(voice_" + own + ")", "-o", out.toString(), in.toString());
            run(command, dir.resolve("program.log"), voice.engine());
            byte[] wav = Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
            try {
                Wav.durationSeconds(wav);
            } catch (IOException e) {
                throw StepException.permanent(
                        ErrorCodes.PROVIDER_REJECTED, voice.engine() + " wrote no usable WAV: " + e.getMessage());
            }
            return wav;
        } catch (IOException e) {
            throw new StepException(
                    ErrorCodes.PROVIDER_UNAVAILABLE,
                    "cannot run " + voice.engine() + ": " + e.getMessage(),
                    false,
                    null,
                    e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private void run(List<String> command, Path logFile, String engine) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw StepException.retryable(
                        ErrorCodes.PROVIDER_TIMEOUT,
                        engine + " did not finish within " + timeout.toMillis() + " ms and was stopped");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, engine + " was interrupted");
        }
        int exit = process.exitValue();
        if (exit == 0) {
            return;
        }
        String message = engine + " exited with " + exit + ": " + tail(logFile);
        if (exit == 126 || exit == 127) {
            throw StepException.permanent(ErrorCodes.PROVIDER_UNAVAILABLE, message);
        }
        if (exit > 128) {
            throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, message);
        }
        throw StepException.permanent(ErrorCodes.PROVIDER_REJECTED, message);
    }

    private static Optional<String> listVoices(List<String> command, String input) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gateway-tts-list-");
            Path logFile = dir.resolve("out.txt");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
            if (input != null) {
                Path in = dir.resolve("in.txt");
                Files.writeString(in, input, StandardCharsets.UTF_8);
                builder.redirectInput(in.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process process = builder.start();
            if (!process.waitFor(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log.warn("{} did not list its voices within {}", command, LIST_TIMEOUT);
                return Optional.empty();
            }
            return Optional.of(Files.readString(logFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("cannot ask {} for its voices: {}", command, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            deleteQuietly(dir);
        }
    }

    /** {@code flite -lv} prints {@code Voices available: kal awb_time kal16 awb rms slt}. */
    static List<String> fliteVoices(String output) {
        Matcher m = Pattern.compile("Voices available:(.*)").matcher(output);
        if (!m.find()) {
            return List.of();
        }
        return Arrays.stream(m.group(1).trim().split("\\s+"))
                .filter(s -> !s.isBlank())
                .toList();
    }

    /** festival prints the list as {@code (kal_diphone cmu_us_slt_arctic_hts)}. */
    static List<String> festivalVoices(String output) {
        Matcher m = Pattern.compile("\\(([a-zA-Z0-9_ \\t]+)\\)").matcher(output);
        List<String> names = new ArrayList<>();
        if (m.find()) {
            for (String name : m.group(1).trim().split("\\s+")) {
                if (!name.isBlank()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** English voices all; British ones by their usual names, American otherwise. */
    static String languageOf(String programVoice) {
        String v = programVoice.toLowerCase(Locale.ROOT);
        if (v.startsWith("rab") || v.contains("_uk_") || v.contains("_gb_") || v.contains("_scottish")) {
            return "en-GB";
        }
        return "en-US";
    }

    /** The executable a command names: a path as it is, or a bare name looked up on the {@code PATH}. */
    static Optional<Path> which(String command) {
        if (command.contains(File.separator)) {
            Path path = Path.of(command);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String tail(Path logFile) {
        try {
            String text = Files.readString(logFile, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - 300));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
