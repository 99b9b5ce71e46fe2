package io.aigateway.tts.local;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the voices of external programs ({@code gateway.tts.programs.*}): flite and festival, used when they
 * are installed (found on the {@code PATH}, or at the configured paths).
 *
 * @param enabled whether to look for the programs at all
 * @param flite the flite command
 * @param festival the festival command (asked for its voice list)
 * @param text2wave festival's {@code text2wave} script, which writes the WAV
 * @param timeout how long one synthesis may take before the program is killed
 */
@ConfigurationProperties("gateway.tts.programs")
public record VoiceProgramProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("flite") String flite,
        @DefaultValue("festival") String festival,
        @DefaultValue("text2wave") String text2wave,
        @DefaultValue("30s") Duration timeout) {

    public VoiceProgramProperties {
        flite = flite == null || flite.isBlank() ? "flite" : flite;
        festival = festival == null || festival.isBlank() ? "festival" : festival;
        text2wave = text2wave == null || text2wave.isBlank() ? "text2wave" : text2wave;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("gateway.tts.programs.timeout must be positive");
        }
    }

    public static VoiceProgramProperties defaults() {
        return new VoiceProgramProperties(true, "flite", "festival", "text2wave", Duration.ofSeconds(30));
    }
}
