package io.aigateway.pipeline.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.schemas.job.BlobRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest {

    @TempDir
    Path root;

    @Test
    void storesOnceByContentAndReadsBack() {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        byte[] audio = "RIFF....WAVE".getBytes(StandardCharsets.US_ASCII);

        BlobRef first = store.put("tenant-a", audio, "audio/wav");
        BlobRef second = store.put("tenant-a", audio, "audio/wav");

        assertThat(second).isEqualTo(first);
        assertThat(first.size()).isEqualTo(audio.length);
        assertThat(first.sha256()).hasSize(64);
        assertThat(store.read(first)).isEqualTo(audio);
    }

    @Test
    void keepsTenantsApart() {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        byte[] audio = {1, 2, 3};

        assertThat(store.put("a", audio, "audio/wav").uri())
                .isNotEqualTo(store.put("b", audio, "audio/wav").uri());
    }

    @Test
    void detectsADamagedBlob() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        BlobRef ref = store.put("t", new byte[] {1, 2, 3, 4}, "audio/wav");
        Path file = root.resolve(ref.uri().substring("fs:".length()));
        Files.write(file, new byte[] {9, 9, 9, 9});

        assertThatThrownBy(() -> store.read(ref)).hasMessageContaining("damaged");
    }

    @Test
    void refusesReferencesThatLeaveTheStoreAndUnsafeTenants() {
        FileSystemBlobStore store = new FileSystemBlobStore(root);

        assertThatThrownBy(() -> store.read(new BlobRef("fs:../../etc/passwd", 1, null, "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("../x", new byte[] {1}, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingBlobIsEmptyOrNotFound() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        BlobRef ref = store.put("t", new byte[] {1}, "x");
        store.delete(ref);

        assertThat(store.open(ref)).isEmpty();
        assertThatThrownBy(() -> store.read(ref)).isInstanceOf(BlobNotFoundException.class);
        try (InputStream ignored = InputStream.nullInputStream()) {
            assertThat(ignored.read()).isEqualTo(-1);
        }
    }
}
