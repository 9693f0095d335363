package dev.infertel.agent.cli;

import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Any failure of a command as the one line a person reads on stderr: what failed, and what to do about
 * it. A stack trace tells a user nothing they can act on; a failure that is ours says so and asks for
 * a report.
 */
final class CliFailure {

    private CliFailure() {
    }

    static String describe(String command, Throwable failure) {
        Throwable t = rootOf(failure);
        String what;
        String todo;
        if (t instanceof AccessDeniedException e) {
            what = "permission denied on " + e.getFile();
            todo = "run it as the user that owns the queue, or give this user access";
        } else if (t instanceof NoSuchFileException e) {
            what = e.getFile() + " does not exist";
            todo = "check the path";
        } else if (t instanceof FileAlreadyExistsException e) {
            what = e.getFile() + " is in the way (a file where a directory is needed)";
            todo = "move it, or choose another path";
        } else if (t instanceof NotDirectoryException e) {
            what = e.getFile() + " is not a directory";
            todo = "check the path";
        } else if (t instanceof FileSystemException e) {
            what = e.getFile() + ": " + (e.getReason() == null ? t.getClass().getSimpleName() : e.getReason());
            todo = "check the path, its permissions and the free space";
        } else if (damaged(t)) {
            what = "a queue file is damaged or locked (" + text(t) + ")";
            todo = "move the damaged .cq4/.cq4t file out of the queue directory and run it again";
        } else if (t instanceof OutOfMemoryError) {
            what = "out of memory";
            todo = "run it with more heap (java -Xmx...) or on fewer inputs";
        } else if (t instanceof IOException) {
            what = text(t);
            todo = "check the path, its permissions and the free space";
        } else {
            what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            todo = "this is a bug in telemetry-agent: please report it with this line and the command";
        }
        return oneLine("telemetry-agent: " + command + " failed: " + what + "; " + todo);
    }

    /** The innermost cause that says something (Chronicle and the JDK wrap I/O errors in their own). */
    private static Throwable rootOf(Throwable t) {
        Throwable at = t;
        for (int i = 0; i < 16 && at.getCause() != null && at.getCause() != at; i++) {
            if (at instanceof FileSystemException || at instanceof StreamCorruptedException) {
                break;
            }
            at = at.getCause();
        }
        return at;
    }

    private static boolean damaged(Throwable t) {
        String m = String.valueOf(t.getMessage());
        return t instanceof StreamCorruptedException || m.contains("magic number") || m.contains(".cq4")
                || m.contains("corrupt");
    }

    private static String text(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }
}
