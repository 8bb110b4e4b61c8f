package dev.qcrawl.testing;

import dev.qcrawl.cli.CrawlCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs the qcrawl command line in-process with captured stdout and stderr. */
public final class Cli {
    private Cli() {
    }

    /** What a run printed and returned. */
    public record Run(int exitCode, String out, String err) {
        public List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    public static Run run(String... args) {
        CommandLine cli = CrawlCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
