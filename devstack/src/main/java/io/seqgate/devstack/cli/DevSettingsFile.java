package io.seqgate.devstack.cli;

import io.seqgate.cli.DevSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the dev stack's settings to {@link DevSettings#FILE} for the commands that talk to a running
 * application ({@code reconcile}, {@code state}), and deletes it when the stack stops.
 */
final class DevSettingsFile {

    /** What is the instance's own, not the application's. */
    private static final Set<String> INSTANCE_SETTINGS =
            Set.of("SEQGATE_INSTANCE_ID", "SEQGATE_STATE_DIR", "SEQGATE_HTTP_PORT", "SEQGATE_HTTP_BIND");

    private DevSettingsFile() {}

    /**
     * @param settings   the first instance's settings
     * @param httpServer its HTTP address ({@code host:port}), or null without one
     * @return the file, or null when it could not be written (a read-only directory: the commands then
     *         need their settings in the environment)
     */
    static Path write(Map<String, String> settings, String httpServer) {
        Map<String, String> shared = new TreeMap<>(settings);
        shared.keySet().removeAll(INSTANCE_SETTINGS);
        if (httpServer != null) {
            shared.put("SEQGATE_QUERY_URL", "http://" + httpServer);
        }
        StringBuilder text = new StringBuilder("# written by ./seqgate dev; deleted when it stops\n");
        shared.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(DevSettings.FILE.getParent());
            Files.writeString(DevSettings.FILE, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(DevSettings.FILE, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the directory's default permissions
            }
            return DevSettings.FILE.toAbsolutePath();
        } catch (IOException e) {
            return null;
        }
    }

    static void delete() {
        try {
            Files.deleteIfExists(DevSettings.FILE);
        } catch (IOException e) {
            // left behind: the next ./seqgate dev overwrites it
        }
    }
}
