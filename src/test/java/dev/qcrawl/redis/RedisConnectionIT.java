package dev.qcrawl.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.RedisServer;
import dev.qcrawl.testing.TestCertificates;
import dev.qcrawl.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared crawls on Redis as it is deployed: a real redis-server speaking only TLS, with a certificate signed by a
 * CA the test makes, a password for the default user and an ACL user of its own. Each way of giving the password
 * crawls exactly; each way of failing is one line and exit code 4; no password ever shows.
 */
class RedisConnectionIT {
    private static final String PASSWORD = "pw-default-7Hq2x";
    private static final String USER_PASSWORD = "pw-crawler-Zk41m";
    private static final LinkGraph GRAPH = LinkGraph.random(5, 60, 5);
    private static final AtomicInteger CRAWLS = new AtomicInteger();
    private static TestCertificates certificates;
    private static RedisServer redis;
    private static TestServer site;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.make(dir.resolve("tls"));
        redis = RedisServer.start(dir.resolve("redis"), 0, certificates, List.of("--requirepass", PASSWORD,
                "--user", "crawler", "on", ">" + USER_PASSWORD, "~qcrawl:*", "+@all",
                "--user", "noscripts", "on", ">" + USER_PASSWORD, "~qcrawl:*", "+@all", "-eval", "-evalsha",
                "--user", "narrow", "on", ">" + USER_PASSWORD, "~qcrawl:*", "+get", "+set", "+hget", "+hset"));
        site = new TestServer();
        GRAPH.serveOn(site);
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
        redis.close();
    }

    private static List<String> expected() {
        return LinkGraph.expectedLines(GRAPH.uniqueCounts(50), site.url(""), site.url("/"));
    }

    private static String frontier(String credentials) {
        return "rediss://" + credentials + "127.0.0.1:" + redis.port();
    }

    private static String[] crawl(String frontier, String... more) {
        List<String> args = new ArrayList<>(List.of("-q", "--unique", "-d", "50", "--frontier", frontier,
                "--crawl-id", "tls-" + CRAWLS.incrementAndGet()));
        args.addAll(List.of(more));
        args.add(site.url("/"));
        return args.toArray(String[]::new);
    }

    private static void noPassword(Cli.Run run) {
        for (String secret : List.of(PASSWORD, USER_PASSWORD)) {
            assertFalse(run.out().contains(secret), run.out());
            assertFalse(run.err().contains(secret), run.err());
        }
    }

    private static void oneLineExit4(Cli.Run run, String says) {
        assertEquals(4, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("qcrawl: ") && run.err().contains(says), run.err());
        noPassword(run);
    }

    @Test
    void tlsWithTheCaFileAndThePasswordInTheUrlCrawlsExactly() {
        Cli.Run run = Cli.run(crawl(frontier(":" + PASSWORD + "@"), "--frontier-cacert",
                certificates.ca().toString()));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(expected(), run.lines());
        noPassword(run);
    }

    @Test
    void anAclUserCrawlsExactly() {
        Cli.Run run = Cli.run(crawl(frontier("crawler:" + USER_PASSWORD + "@"), "--frontier-cacert",
                certificates.ca().toString()));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(expected(), run.lines());
        noPassword(run);
    }

    /** The password out of the command line (and so out of the process list): in the environment. */
    @Test
    void thePasswordFromTheEnvironmentCrawlsExactly() throws Exception {
        ProcessBuilder jar = Jar.builder(crawl(frontier("crawler@"), "--frontier-cacert",
                certificates.ca().toString()));
        jar.environment().put("QCRAWL_FRONTIER_PASSWORD", USER_PASSWORD);
        Path out = dir.resolve("env.txt");
        Path err = dir.resolve("env.err");
        Process p = jar.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        Cli.Run run = new Cli.Run(p.exitValue(), java.nio.file.Files.readString(out),
                java.nio.file.Files.readString(err));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(expected(), run.lines());
        noPassword(run);
    }

    @Test
    void aWrongPasswordIsOneLineAndExitCode4() {
        String ca = certificates.ca().toString();
        oneLineExit4(Cli.run(crawl(frontier(":" + USER_PASSWORD + "@"), "--frontier-cacert", ca)),
                "refused the password");
        oneLineExit4(Cli.run(crawl(frontier("crawler:" + PASSWORD + "@"), "--frontier-cacert", ca)),
                "refused the password of user crawler");
        oneLineExit4(Cli.run(crawl(frontier(""), "--frontier-cacert", ca)), "needs a password");
    }

    @Test
    void aUserWithoutTheCommandsQcrawlNeedsIsOneLineAndExitCode4NotABug() {
        String ca = certificates.ca().toString();
        for (String user : List.of("noscripts", "narrow")) {
            oneLineExit4(Cli.run(crawl(frontier(user + ":" + USER_PASSWORD + "@"), "--frontier-cacert", ca)),
                    "refused a command qcrawl needs to user " + user);
        }
    }

    @Test
    void anUntrustedCertificateIsOneLineAndExitCode4() throws Exception {
        // The JVM's own trust store does not know the test's CA; nor does another CA's file.
        oneLineExit4(Cli.run(crawl(frontier(":" + PASSWORD + "@"))), "is not trusted");
        TestCertificates other = TestCertificates.make(dir.resolve("other"));
        oneLineExit4(Cli.run(crawl(frontier(":" + PASSWORD + "@"), "--frontier-cacert", other.ca().toString())),
                "is not trusted");
    }

    @Test
    void aRefusedConnectionIsOneLineAndExitCode4() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        oneLineExit4(Cli.run(crawl("rediss://:" + PASSWORD + "@127.0.0.1:" + closed, "--frontier-cacert",
                certificates.ca().toString())), "is unreachable: connection refused");
    }

    /** redis:// to a TLS port: the server drops the connection, and the line says which scheme to give. */
    @Test
    void plainRedisToATlsPortSaysToGiveRediss() {
        oneLineExit4(Cli.run(crawl("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port())),
                "redis:// speaks plain TCP: if this port wants TLS, give rediss://");
    }

    @Test
    void aBadFrontierIsAUsageErrorThatHidesThePassword() {
        for (String[] args : List.of(crawl("rediss://:" + PASSWORD + "@127.0.0.1:6379/x"),
                crawl("redis://:" + PASSWORD + "@127.0.0.1:6379", "--frontier-cacert",
                        certificates.ca().toString()),
                crawl(frontier(":" + PASSWORD + "@"), "--frontier-cacert", dir.resolve("none.pem").toString()),
                // A password with '#', '?' or '@' unescaped, or a URL mistyped, is still not shown.
                crawl("redis://u:" + PASSWORD + "#x@127.0.0.1:6379"), crawl("redis://u:" + PASSWORD + "?x@127.0.0.1:6379"),
                crawl("redis://:x@" + PASSWORD + "@127.0.0.1:6379/x"), crawl("redis:/u:" + PASSWORD + "@127.0.0.1:6379"),
                crawl("redis:u:" + PASSWORD + "@127.0.0.1:6379"), crawl("redis:///u:" + PASSWORD + "@127.0.0.1:6379"),
                crawl(" redis://u:" + PASSWORD + "#@127.0.0.1:6379"), crawl("redis://u:" + PASSWORD))) {
            Cli.Run run = Cli.run(args);
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("qcrawl: "), run.err());
            noPassword(run);
        }
        Cli.Run help = Cli.run("--help");
        assertTrue(help.out().contains("--frontier-cacert"), help.out());
        assertTrue(help.out().contains("QCRAWL_FRONTIER_PASSWORD"), help.out());
    }
}
