package io.aigateway.stt.vosk;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vosk.Model;

/**
 * The English model as the build unpacked it into the classes, loaded once per test JVM (loading takes a couple of
 * seconds; a Vosk model is thread-safe and shared, as in the worker).
 */
public final class VoskTestModel {

    private static Model model;

    private VoskTestModel() {}

    /** The unpacked model folder of this build (target/classes/vosk/model-en-us). */
    public static Path path() {
        URL uuid = VoskTestModel.class.getResource("/" + VoskSpeechToTextProvider.MODEL_RESOURCE + "/uuid");
        if (uuid == null || !uuid.getProtocol().equals("file")) {
            throw new IllegalStateException("the build did not unpack the Vosk model into the classes: " + uuid);
        }
        try {
            return Path.of(uuid.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized Model model() {
        if (model == null) {
            model = VoskSpeechToTextProvider.load(path());
        }
        return model;
    }

    /** An engine on the shared model. */
    public static VoskSpeechToText engine(int maxConcurrentRecognizers, Duration recognizerWait) {
        return new VoskSpeechToText(
                model(),
                new VoskProperties(path(), Path.of("unused"), maxConcurrentRecognizers, recognizerWait, List.of("en")));
    }
}
