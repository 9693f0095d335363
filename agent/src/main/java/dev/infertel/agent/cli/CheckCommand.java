package dev.infertel.agent.cli;

import dev.infertel.agent.check.ConfigCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code check --config FILE [--classpath CP]}: validates a config without running an application. */
final class CheckCommand {

    private CheckCommand() {
    }

    static int run(String[] argv, PrintStream out) throws Args.UsageException {
        Args args = Args.parse(argv, 1, Set.of("config", "classpath"), Set.of());
        String config = args.get("config", null);
        if (config == null) {
            throw new Args.UsageException("check needs --config FILE");
        }
        return ConfigCheck.run(Path.of(config), args.get("classpath", null), out);
    }
}
