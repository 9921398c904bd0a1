package dev.sagaref.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

final class ProcessHandles {

    private ProcessHandles() {}

    static void runToCompletion(List<String> command, Path log) {
        runToCompletion(new ProcessBuilder(command), log);
    }

    /** Runs a prepared command (its environment set) with its output appended to {@code log}; fails unless it exits 0. */
    static void runToCompletion(ProcessBuilder command, Path log) {
        try {
            Process process = command.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "Command failed: " + String.join(" ", command.command()) + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then SIGKILL if the process is still there after {@code seconds}. */
    static void stop(Process process, int seconds) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
