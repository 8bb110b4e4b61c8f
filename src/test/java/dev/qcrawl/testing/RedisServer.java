package dev.qcrawl.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, started for a test. It must start: a machine without it
 * fails the test (CI installs the redis-server package).
 */
public final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, 0);
    }

    /** On {@code port} (0: a free one), keeping its data in memory only. */
    public static RedisServer start(Path dir, int port) throws IOException, InterruptedException {
        for (int attempt = 0;; attempt++) {
            int p = port;
            if (p == 0) {
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    p = probe.getLocalPort();
                }
            }
            Files.createDirectories(dir);
            Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(p), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectOutput(dir.resolve("redis.log").toFile()).redirectErrorStream(true).start();
            if (up(process, p)) {
                return new RedisServer(process, p);
            }
            process.destroyForcibly().waitFor();
            if (attempt == 2) {
                throw new IllegalStateException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
            }
        }
    }

    private static boolean up(Process process, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write("PING\r\n".getBytes());
                if (s.getInputStream().read() == '+') {
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

    public String url() {
        return "redis://127.0.0.1:" + port;
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
