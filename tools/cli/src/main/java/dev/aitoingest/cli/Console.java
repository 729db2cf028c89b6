package dev.aitoingest.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where a command writes and what it may read besides its arguments: results go to {@code out},
 * progress and errors to {@code err}; {@code interactive} says whether {@code err} is a terminal that
 * can redraw a bar in place (otherwise progress is plain lines).
 */
record Console(PrintStream out, PrintStream err, Map<String, String> env, boolean interactive) {
}
