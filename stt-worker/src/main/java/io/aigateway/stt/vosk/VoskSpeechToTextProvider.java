package io.aigateway.stt.vosk;

import io.aigateway.stt.transcribe.SpeechToText;
import io.aigateway.stt.transcribe.SpeechToTextProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * Offers Vosk as provider {@code vosk}. When selected it loads the native library (through JNA, from the vosk jar),
 * finds the model (the configured {@code model-path}, else the English model shipped in this jar, extracted once under
 * {@code model-dir}), loads it once and logs where from and how long it took. The model is freed when the application
 * stops.
 */
@Component
public class VoskSpeechToTextProvider implements SpeechToTextProvider, DisposableBean {

    public static final String NAME = "vosk";
    /** Where the build puts the shipped model among this jar's resources. */
    static final String MODEL_RESOURCE = "vosk/model-en-us";

    private static final Logger log = LoggerFactory.getLogger(VoskSpeechToTextProvider.class);

    private final VoskProperties properties;
    private Model model;
    private VoskSpeechToText engine;

    public VoskSpeechToTextProvider(VoskProperties properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized SpeechToText create() {
        if (model == null) {
            model = load(modelPath(properties));
        }
        engine = new VoskSpeechToText(model, properties);
        return engine;
    }

    /** The model folder: the configured one, or the shipped model extracted (once) into the model folder. */
    static Path modelPath(VoskProperties properties) {
        if (properties.modelPath() != null) {
            if (!Files.isDirectory(properties.modelPath())) {
                throw new IllegalStateException(
                        "gateway.stt.vosk.model-path " + properties.modelPath().toAbsolutePath() + " is not a folder");
            }
            return properties.modelPath();
        }
        return VoskModelInstaller.install(
                MODEL_RESOURCE,
                properties.modelDir().resolve("vosk-model-en-us"),
                VoskSpeechToTextProvider.class.getClassLoader());
    }

    static Model load(Path path) {
        loadNativeLibrary();
        long started = System.nanoTime();
        try {
            Model loaded = new Model(path.toAbsolutePath().toString());
            log.info(
                    "Vosk model loaded from {} in {} ms",
                    path.toAbsolutePath(),
                    (System.nanoTime() - started) / 1_000_000);
            return loaded;
        } catch (IOException e) {
            throw new IllegalStateException("Vosk cannot load the model at " + path.toAbsolutePath(), e);
        }
    }

    /**
     * Loads libvosk once (the first use of {@link LibVosk} does, through JNA, which unpacks it from the jar into
     * {@code jna.tmpdir} or the temp folder) and quiets Kaldi's logging. A failure names the platform and the likely
     * cause instead of a bare {@link UnsatisfiedLinkError} on the first job.
     */
    static void loadNativeLibrary() {
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IllegalStateException(
                    "the Vosk native library cannot be loaded on " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch")
                            + " (the vosk jar ships linux-x86-64, darwin and win32-x86-64; JNA unpacks it into"
                            + " jna.tmpdir or java.io.tmpdir, which must allow executing files): " + e.getMessage(),
                    e);
        }
    }

    @Override
    public synchronized void destroy() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
