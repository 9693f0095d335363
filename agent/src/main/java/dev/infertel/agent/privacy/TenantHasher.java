package dev.infertel.agent.privacy;

import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Replaces a tenant id by the lowercase hex SHA-256 of salt + id before the record is written, so the
 * queue and every sink only ever see the hash. The same tenant gets the same hash for as long as the
 * salt stays: the configured {@code privacy.salt}, or a random one kept in the queue directory
 * ({@code tenant-salt}, owner-only). Tenants repeat, so hashes are cached (bounded) to keep the call
 * path short.
 */
public final class TenantHasher implements UnaryOperator<String> {

    static final String SALT_FILE = "tenant-salt";
    private static final int CACHE_LIMIT = 10_000;

    private final byte[] salt;
    private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(TenantHasher::sha256);
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public TenantHasher(byte[] salt) {
        this.salt = salt.clone();
        sha256(); // fail here, not on the call path
    }

    /** The configured salt, else the install's salt file in {@code queueDir} (created when missing). */
    public static TenantHasher create(String configuredSalt, Path queueDir, AgentLog log) {
        if (configuredSalt != null) {
            return new TenantHasher(configuredSalt.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return new TenantHasher(installSalt(queueDir));
        } catch (IOException | RuntimeException e) {
            log.warn("cannot keep a tenant salt in " + queueDir + " (" + e.getMessage()
                    + "); tenant hashes use a salt for this run only and will not match across restarts");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new TenantHasher(random);
        }
    }

    static byte[] installSalt(Path queueDir) throws IOException {
        OwnerOnlyFiles.createDirectories(queueDir);
        Path file = queueDir.resolve(SALT_FILE);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Path tmp = Files.createTempFile(queueDir, SALT_FILE, ".tmp");
            try {
                OwnerOnlyFiles.restrict(tmp);
                Files.writeString(tmp, HexFormat.of().formatHex(random));
                Files.move(tmp, file); // two processes racing: the first one's salt wins for both
            } catch (FileAlreadyExistsException e) {
                // another process created it first
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        String hex = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (hex.length() < 32) {
            throw new IOException(file + " is not a salt file");
        }
        return hex.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String apply(String tenant) {
        if (tenant == null) {
            return null;
        }
        String hash = cache.get(tenant);
        if (hash == null) {
            MessageDigest d = digests.get();
            d.reset();
            d.update(salt);
            hash = HexFormat.of().formatHex(d.digest(tenant.getBytes(StandardCharsets.UTF_8)));
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(tenant, hash);
        }
        return hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }
}
