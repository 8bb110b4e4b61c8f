package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Usage errors: exit code 2 and one line on stderr that names the problem, never a stack trace. */
class CrawlCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-d -1 http://127.0.0.1:9/                 | --max-depth must be >= 0",
        "-w 0 http://127.0.0.1:9/                  | --num-workers must be between 1",
        "--queue stack http://127.0.0.1:9/         | expected one of fifo, lifo, priority but was 'stack'",
        "--format xml http://127.0.0.1:9/          | expected one of text, csv, json, jsonl, html, dot, graphml, junit, markdown but was 'xml'",
        "--scope world http://127.0.0.1:9/         | expected one of host, domain, any but was 'world'",
        "--frobnicate http://127.0.0.1:9/          | Unknown option: '--frobnicate'",
        "ftp://127.0.0.1/                          | not an http(s) URL: 'ftp://127.0.0.1/'",
        "not-a-url                                 | not an http(s) URL: 'not-a-url'",
        "http://                                   | not a valid URL",
        "http://localhost:-1/                      | not a valid URL: 'http://localhost:-1/'",
        "http://localhost:+8080/                   | not a valid URL",
        "http://localhost:65536/                   | not a valid URL",
        "http://user:s3cr3t@[::1:8080/             | not a valid URL: 'http://user:***@[::1:8080/'",
        "http://user:p/ss@[::1:8080/               | not a valid URL: 'http://user:***@[::1:8080/'",
        "--user-agent bot http://127.0.0.1:9/      | --user-agent: 'User-Agent' cannot be set",
        "--user-agent Ω-bot http://127.0.0.1:9/     | --user-agent: 'User-Agent' cannot be set",
        "-d two http://127.0.0.1:9/                | Invalid value for option '--max-depth'",
        "--timeout soon http://127.0.0.1:9/        | expected a duration",
        "--max-body lots http://127.0.0.1:9/       | expected a size",
        "--retries -1 http://127.0.0.1:9/          | --retries must be >= 0",
        "--per-host 0 http://127.0.0.1:9/          | --per-host must be >= 1",
        "--serve /nonexistent/qcrawl-dir           | --serve: not a directory: /nonexistent/qcrawl-dir",
        "''                                        | not an http(s) URL",
        "-o /nonexistent/dir/out.txt http://127.0.0.1:9/ | --output: cannot write to /nonexistent/dir/out.txt",
        "-o /tmp http://127.0.0.1:9/               | --output: /tmp is a directory",
        "--serve examples/site http://127.0.0.1:9/ | with --serve, give a path on the served site",
        "--format html --broken http://127.0.0.1:9/  | --format html reports the whole crawl (its broken links included)",
        "--format html --orphans http://127.0.0.1:9/ | --broken and --orphans choose rows for the other formats",
        "--accept 4xx --check http://127.0.0.1:9/  | --accept: not an HTTP status code or range of them: '4xx'",
        "--accept 499-400 --check http://127.0.0.1:9/ | --accept: empty range '499-400'",
        "--check-fragments http://127.0.0.1:9/     | --check-fragments goes with a link check",
        "--accept 403 http://127.0.0.1:9/          | --accept goes with a link check",
        "--accept 200 --check http://127.0.0.1:9/  | --accept: '200' in '200': only statuses of 400 to 599",
        "--accept 500-600 --check http://127.0.0.1:9/ | --accept: '500-600' in '500-600': only statuses of 400 to 599",
        "--format markdown --orphans http://127.0.0.1:9/ | --format markdown is a summary of the broken links",
    })
    void rejectsBadInputWithOneLineAndExitCode2(String args, String message) {
        Cli.Run run = Cli.run(args.isBlank() || args.equals("''") ? new String[] {""} : args.split(" "));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("qcrawl: "), err);
        assertTrue(err.contains(message), err);
    }

    @Test
    void missingUrlIsAUsageError() {
        Cli.Run run = Cli.run();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("qcrawl: missing URL"), run.err());
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() {
        Cli.Run run = Cli.run("--help");
        assertEquals(0, run.exitCode());
        for (String option : new String[] {"--max-depth", "--num-workers", "--queue", "--quiet", "--serve", "--unique",
            "--scope", "--ignore-robots", "--per-host", "--delay", "--user-agent", "--timeout", "--retries",
            "--max-body", "--max-pages", "--max-redirects", "--format", "--output", "--broken", "--fail-on-broken",
            "--check", "--check-fragments", "--accept", "--exclude-private", "--version", "Exit codes:", "70", "130",
            "143", "-Dqcrawl.relaunch=false"}) {
            assertTrue(run.out().contains(option), option + " missing from --help");
        }
    }

    @Test
    void aBugExitsWithItsOwnCodeInOneLine() throws Exception {
        picocli.CommandLine cli = CrawlCommand.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.parseArgs("http://127.0.0.1:9/");
        int code = cli.getExecutionExceptionHandler().handleExecutionException(
                new IllegalStateException("no such state"), cli, cli.getParseResult());
        assertEquals(ExitCodes.INTERNAL, code);
        assertEquals(70, code, "the code the README and --help document");
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("qcrawl: internal error: java.lang.IllegalStateException: no such state"), line);
    }

    @Test
    void anOutputThatCannotBeWrittenIsNotABug() throws Exception {
        picocli.CommandLine cli = CrawlCommand.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.parseArgs("http://127.0.0.1:9/");
        int code = cli.getExecutionExceptionHandler().handleExecutionException(
                new StandardOutput.OutputFailed("cannot write out.txt: disk full", false), cli, cli.getParseResult());
        assertEquals(ExitCodes.OUTPUT_FAILED, code);
        assertEquals("qcrawl: cannot write out.txt: disk full", err.toString().strip());
        // A reader that went away (| head) is told nothing.
        java.io.StringWriter quiet = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(quiet, true));
        assertEquals(ExitCodes.BROKEN_PIPE, cli.getExecutionExceptionHandler().handleExecutionException(
                new StandardOutput.OutputFailed("cannot write the output: Broken pipe", true), cli,
                cli.getParseResult()));
        assertEquals("", quiet.toString());
    }

    @Test
    void versionNamesTheProgram() {
        Cli.Run run = Cli.run("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("qcrawl "), run.out());
    }
}
