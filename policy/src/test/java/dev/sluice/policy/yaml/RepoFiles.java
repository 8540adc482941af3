package dev.sluice.policy.yaml;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests compare with: found by walking up from the module folder. */
final class RepoFiles {
    private RepoFiles() {
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/policies")) && Files.isDirectory(p.resolve("policy"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }

    static Path policies() {
        return root().resolve("deploy/policies");
    }
}
