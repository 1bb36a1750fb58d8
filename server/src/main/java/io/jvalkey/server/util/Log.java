package io.jvalkey.server.util;

import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.Date;

/**
 * The server log in Valkey's line format ({@code pid:role dd Mon yyyy hh:mm:ss.mmm * message}),
 * honouring {@code loglevel} and {@code logfile} (empty: standard output).
 */
public final class Log {
    public enum Level { DEBUG, VERBOSE, NOTICE, WARNING, NOTHING }

    private final long pid = ProcessHandle.current().pid();
    private volatile Level level = Level.NOTICE;
    private volatile PrintStream out = System.out;

    public void level(Level level) {
        this.level = level;
    }

    public void output(PrintStream out) {
        this.out = out;
    }

    public void debug(String msg) {
        log(Level.DEBUG, '.', msg);
    }

    public void verbose(String msg) {
        log(Level.VERBOSE, '-', msg);
    }

    public void notice(String msg) {
        log(Level.NOTICE, '*', msg);
    }

    public void warning(String msg) {
        log(Level.WARNING, '#', msg);
    }

    private void log(Level at, char mark, String msg) {
        if (at.ordinal() < level.ordinal()) {
            return;
        }
        String time = new SimpleDateFormat("dd MMM yyyy HH:mm:ss.SSS", java.util.Locale.ROOT).format(new Date());
        PrintStream o = out;
        o.println(pid + ":M " + time + " " + mark + " " + msg);
        o.flush();
    }
}
