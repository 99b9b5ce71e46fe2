package io.aigateway.load.dlt;

import io.aigateway.schemas.topic.Headers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/**
 * A record on {@code gw.dlt}: the original key, value and headers, plus the headers the dead-letter writer added
 * (where it came from, what failed, how often it was tried), and whether it was redriven already.
 *
 * @param id {@code <partition>/<offset>} on {@code gw.dlt}, how operators name it
 * @param redrivenAs null while waiting; once redriven, what the first redrive published: the new job's id for a
 *     dead-lettered job, a token for a record published as it was (empty for a redrive that did not say)
 */
public record DeadLetter(
        String id,
        int partition,
        long offset,
        long timestamp,
        byte[] key,
        byte[] value,
        Header[] headers,
        String redrivenAs) {

    public static String idOf(int partition, long offset) {
        return partition + "/" + offset;
    }

    public String header(String name) {
        String found = null;
        for (Header h : headers) {
            if (h.key().equals(name) && h.value() != null) {
                found = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return found;
    }

    public String originalTopic() {
        return header(Headers.DLT_ORIGINAL_TOPIC);
    }

    public String errorClass() {
        return header(Headers.DLT_ERROR_CLASS);
    }

    public String errorMessage() {
        return header(Headers.DLT_ERROR_MESSAGE);
    }

    public String attempts() {
        return header(Headers.DLT_ATTEMPTS);
    }

    public String failedAt() {
        return header(Headers.DLT_FAILED_AT);
    }

    public String originalPosition() {
        return header(Headers.DLT_ORIGINAL_PARTITION) + "@" + header(Headers.DLT_ORIGINAL_OFFSET);
    }

    /** Every header as text, in record order (a repeated name keeps its last value). */
    public Map<String, String> headerMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header h : headers) {
            map.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return map;
    }

    public boolean redriven() {
        return redrivenAs != null;
    }

    DeadLetter markedRedriven(String as) {
        return new DeadLetter(id, partition, offset, timestamp, key, value, headers, as == null ? "" : as);
    }
}
