package dev.qcrawl.testing;

import dev.qcrawl.cli.CrawlCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

        /** The URLs of a --broken text report's entries (their first lines), and the status or error each shows. */
        public Map<String, String> entries() {
            Map<String, String> entries = new TreeMap<>();
            for (String line : lines()) {
                if (!line.startsWith(" ")) {
                    String[] parts = line.split(" ", 2);
                    entries.put(parts[1], parts[0]);
                }
            }
            return entries;
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

    /** Runs {@code n} crawls with the same arguments at once in this JVM; returns what each printed. */
    public static List<Run> together(int n, List<String> args) throws InterruptedException {
        List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> runs.add(run(args.toArray(String[]::new)))));
        }
        for (Thread t : threads) {
            t.join(120_000);
        }
        return runs;
    }
}
