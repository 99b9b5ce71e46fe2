package io.aigateway.pipeline.blob;

import io.aigateway.schemas.job.BlobRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs as files under a root folder, content-addressed by SHA-256 per tenant ({@code <root>/<tenant>/<ab>/<sha256>}),
 * so storing the same audio twice keeps one copy. Files are written to a temporary name and moved into place, so a
 * reader never sees half a blob. References look like {@code fs:<tenant>/<ab>/<sha256>}.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final String SCHEME = "fs:";
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path root;

    public FileSystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public BlobRef put(String tenantId, byte[] content, String contentType) {
        String sha = sha256(content);
        String relative = segment(tenantId) + "/" + sha.substring(0, 2) + "/" + sha;
        Path target = root.resolve(relative);
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), sha, ".part");
                Files.write(tmp, content);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + relative, e);
        }
        return new BlobRef(SCHEME + relative, content.length, sha, contentType);
    }

    @Override
    public Optional<InputStream> open(BlobRef ref) {
        Path path = pathOf(ref);
        try {
            InputStream in = Files.newInputStream(path);
            return Optional.of(new VerifyingInputStream(in, ref));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open blob " + ref.uri(), e);
        }
    }

    @Override
    public byte[] read(BlobRef ref) {
        try (InputStream in = open(ref).orElseThrow(() -> new BlobNotFoundException(ref.uri()))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + ref.uri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(BlobRef ref) {
        try {
            Files.deleteIfExists(pathOf(ref));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + ref.uri(), e);
        }
    }

    private Path pathOf(BlobRef ref) {
        if (ref == null || ref.uri() == null || !ref.uri().startsWith(SCHEME)) {
            throw new IllegalArgumentException("not a filesystem blob reference: " + (ref == null ? null : ref.uri()));
        }
        Path path = root.resolve(ref.uri().substring(SCHEME.length())).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("blob reference leaves the store: " + ref.uri());
        }
        return path;
    }

    private static String segment(String tenantId) {
        if (tenantId == null || !SAFE_SEGMENT.matcher(tenantId).matches() || tenantId.startsWith(".")) {
            throw new IllegalArgumentException("tenant id not usable as a folder name: " + tenantId);
        }
        return tenantId;
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks size and checksum once the whole blob was read, so a damaged file never passes as audio. */
    private static final class VerifyingInputStream extends FilterInputStream {
        private final BlobRef ref;
        private final MessageDigest digest;
        private long count;
        private boolean verified;

        VerifyingInputStream(InputStream in, BlobRef ref) {
            this(new DigestInputStream(in, digest()), ref);
        }

        private VerifyingInputStream(DigestInputStream in, BlobRef ref) {
            super(in);
            this.ref = ref;
            this.digest = in.getMessageDigest();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                verify();
            } else {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                verify();
            } else {
                count += n;
            }
            return n;
        }

        private void verify() throws IOException {
            if (verified) {
                return;
            }
            verified = true;
            String actual = HexFormat.of().formatHex(digest.digest());
            if (count != ref.size() || (ref.sha256() != null && !ref.sha256().equals(actual))) {
                throw new IOException("blob " + ref.uri() + " is damaged: size or checksum differs");
            }
        }
    }
}
