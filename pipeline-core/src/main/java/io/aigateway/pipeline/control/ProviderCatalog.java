package io.aigateway.pipeline.control;

import io.aigateway.schemas.config.RegistryEntry;
import java.util.List;

/**
 * What a worker offers: its providers with their status as configured (ready or unconfigured), models, voices and
 * languages. Each worker module declares one; {@link RegistryAnnouncer} publishes them, marking as failing the
 * providers whose recent calls failed ({@link ProviderHealth}).
 */
@FunctionalInterface
public interface ProviderCatalog {

    List<RegistryEntry.Provider> providers();
}
