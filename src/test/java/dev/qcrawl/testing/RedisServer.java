package dev.qcrawl.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, started for a test. It must start: a machine without it
 * fails the test (CI installs the redis-server package).
 */
public final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final boolean tls;

    private RedisServer(Process process, int port, boolean tls) {
        this.process = process;
        this.port = port;
        this.tls = tls;
    }

    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, 0);
    }

    /** On {@code port} (0: a free one), keeping its data in memory only. */
    public static RedisServer start(Path dir, int port) throws IOException, InterruptedException {
        return start(dir, port, null, List.of());
    }

    /**
     * With more {@code redis-server} options (e.g. {@code --requirepass}, {@code --user}), and speaking only TLS
     * with the server certificate of {@code certificates} if it is not null.
     */
    public static RedisServer start(Path dir, int port, TestCertificates certificates, List<String> options)
            throws IOException, InterruptedException {
        for (int attempt = 0;; attempt++) {
            int p = port;
            if (p == 0) {
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    p = probe.getLocalPort();
                }
            }
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString()));
            if (certificates == null) {
                command.addAll(List.of("--port", String.valueOf(p)));
            } else {
                command.addAll(List.of("--port", "0", "--tls-port", String.valueOf(p), "--tls-cert-file",
                        certificates.serverCertificate().toString(), "--tls-key-file",
                        certificates.serverKey().toString(), "--tls-ca-cert-file", certificates.ca().toString(),
                        "--tls-auth-clients", "no"));
            }
            command.addAll(options);
            Process process = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("redis.log").toFile()).redirectErrorStream(true).start();
            if (up(process, p, certificates == null)) {
                return new RedisServer(process, p, certificates != null);
            }
            process.destroyForcibly().waitFor();
            if (attempt == 2) {
                throw new IllegalStateException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
            }
        }
    }

    /** Up once it answers a PING (with an error if it wants a password), or for TLS once it accepts a connection. */
    private static boolean up(Process process, int port, boolean plain) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (!plain) {
                    return true;
                }
                s.getOutputStream().write("PING\r\n".getBytes());
                int first = s.getInputStream().read();
                if (first == '+' || first == '-') {
                    return true;
                }
            } catch (IOException e) {
                process.waitFor(20, TimeUnit.MILLISECONDS); // not up yet: wait on the process, not a bare sleep
            }
        }
        return false;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, or {@code rediss://} for a TLS server. */
    public String url() {
        return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Pauses (SIGSTOP) or resumes (SIGCONT) the server: unreachable, its data kept. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
