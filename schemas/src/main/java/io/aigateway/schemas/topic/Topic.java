package io.aigateway.schemas.topic;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values, so producers, consumers and topologies never disagree on either.
 *
 * @param compacted whether the topic keeps only the latest value per key
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {

    @Override
    public String toString() {
        return name;
    }
}
