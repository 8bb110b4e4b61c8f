package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.Jar;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https through the client's lazily loaded TLS context: a loopback HTTPS server with a self-signed certificate
 * made by keytool. Trusted (through the JDK's standard trust-store property) the crawl works; untrusted, the
 * handshake fails and the start URL is reported as not fetched - certificate checks are the JDK's own.
 */
class HttpsIT {
    @TempDir
    static Path dir;
    private static Path keystore;
    private static HttpsServer server;
    private static ExecutorService executor;

    @BeforeAll
    static void start() throws Exception {
        keystore = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = switch (path) {
                case "/" -> "<a href='/a'>a</a><a href='/b'>b</a>".getBytes(StandardCharsets.UTF_8);
                case "/a" -> "<a href='/b'>b</a>".getBytes(StandardCharsets.UTF_8);
                case "/b" -> "<p>b</p>".getBytes(StandardCharsets.UTF_8);
                default -> null;
            };
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String url(String path) {
        return "https://localhost:" + server.getAddress().getPort() + path;
    }

    @Test
    void crawlsHttpsWhenTheCertificateIsTrusted() throws Exception {
        Cli.Run run = Jar.run(List.of("-Djavax.net.ssl.trustStore=" + keystore,
                "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12"),
                "-q", "-d", "3", url("/"));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("  2 " + url("/b"), "  1 " + url("/"), "  1 " + url("/a")), run.lines());
    }

    @Test
    void refusesAnUntrustedCertificate() throws Exception {
        Cli.Run run = Cli.run("-q", "--retries", "0", "--format", "csv", url("/"));
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("qcrawl: could not fetch the start URL"), run.err());
        assertTrue(run.out().contains(",tls,"), run.out());
    }
}
