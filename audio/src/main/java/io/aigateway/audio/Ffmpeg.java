package io.aigateway.audio;

import io.aigateway.audio.AudioException.Code;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ffmpeg} program, when it is installed, for what Java does not decode (Ogg, MP3, WebM, Opus, FLAC, M4A) and
 * for encodings other than WAV. The input goes through a temporary file (an MP4 may keep its index at the end, which a
 * pipe cannot seek to), the output comes on stdout, stderr is kept for the message. A run that outlives its timeout is
 * killed and reported as {@code transcoding_failed}; input ffmpeg cannot decode is {@code invalid_audio} with the last
 * line of what ffmpeg said.
 */
public final class Ffmpeg {

    private final Path executable;
    private final Duration timeout;

    private Ffmpeg(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** ffmpeg from the {@code PATH}, or empty when it is not installed. */
    public static Optional<Ffmpeg> onPath(Duration timeout) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "ffmpeg");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new Ffmpeg(candidate, timeout));
            }
        }
        return Optional.empty();
    }

    /** Decodes any audio ffmpeg reads into 16-bit PCM WAV at {@code sampleRate}, one channel. */
    public byte[] toWav(byte[] input, AudioFormat format, int sampleRate) {
        List<String> args = new ArrayList<>(List.of("-vn", "-ac", "1", "-ar", Integer.toString(sampleRate)));
        args.addAll(List.of("-c:a", "pcm_s16le", "-f", "wav"));
        return run(input, format.ffmpegDemuxer(), args);
    }

    /** Encodes a WAV into {@code mp3}, {@code opus} (in Ogg), {@code aac} (ADTS) or {@code flac}. */
    public byte[] encode(byte[] wav, String target) {
        List<String> args = switch (target) {
            case "mp3" -> List.of("-c:a", "libmp3lame", "-q:a", "4", "-f", "mp3");
            case "opus" -> List.of("-c:a", "libopus", "-b:a", "32k", "-f", "ogg");
            case "aac" -> List.of("-c:a", "aac", "-b:a", "64k", "-f", "adts");
            case "flac" -> List.of("-c:a", "flac", "-f", "flac");
            default -> throw new IllegalArgumentException("ffmpeg does not encode " + target + " here");
        };
        return run(wav, "wav", args);
    }

    private byte[] run(byte[] input, String demuxer, List<String> outputArgs) {
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            in = Files.createTempFile("gateway-audio-in", ".bin");
            out = Files.createTempFile("gateway-audio-out", ".bin");
            err = Files.createTempFile("gateway-audio-err", ".txt");
            Files.write(in, input);
            List<String> command = new ArrayList<>(List.of(executable.toString(), "-nostdin", "-hide_banner"));
            command.addAll(List.of("-loglevel", "error"));
            if (demuxer != null) {
                command.addAll(List.of("-f", demuxer));
            }
            command.addAll(List.of("-i", in.toString()));
            command.addAll(outputArgs);
            command.addAll(List.of("-y", out.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AudioException(
                        Code.TRANSCODING_FAILED, "ffmpeg did not finish within " + timeout.toSeconds() + " s");
            }
            int exit = process.exitValue();
            if (exit != 0) {
                String said = lastLine(Files.readString(err, StandardCharsets.UTF_8));
                throw new AudioException(
                        Code.INVALID_AUDIO, "ffmpeg could not decode the audio (exit " + exit + "): " + said);
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffmpeg", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AudioException(Code.TRANSCODING_FAILED, "interrupted while ffmpeg ran", e);
        } finally {
            delete(in);
            delete(out);
            delete(err);
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        String line = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        if (line.isEmpty()) {
            return "no message";
        }
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file: the OS cleans up
            }
        }
    }
}
