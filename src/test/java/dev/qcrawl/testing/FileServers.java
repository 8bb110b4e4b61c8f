package dev.qcrawl.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static file servers users crawl, started for real on loopback as separate processes: Python's
 * {@code http.server} (HTTP/1.0, a connection per request, a listen backlog of 5) and nginx. A server that cannot
 * start fails the test; nothing is skipped.
 */
public final class FileServers {
    private FileServers() {
    }

    /** A running server process; closing stops it. */
    public record Running(Process process, int port) implements AutoCloseable {
        public String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** {@code python3 -m http.server 0 --bind 127.0.0.1 --directory ROOT}, on the port it picked. */
    public static Running python(Path root) throws IOException {
        Process p = new ProcessBuilder("python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                "--directory", root.toString()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        Matcher m = line == null ? null : Pattern.compile(" port (\\d+) ").matcher(line);
        if (m == null || !m.find()) {
            p.destroyForcibly();
            throw new IllegalStateException("python3 -m http.server did not start: " + line);
        }
        Thread.ofVirtual().start(() -> drain(out)); // its log must not fill the pipe
        return new Running(p, Integer.parseInt(m.group(1)));
    }

    /**
     * nginx serving ROOT with {@code directives} added to its server block (e.g. {@code keepalive_requests 3;}),
     * writing its access log to {@code workDir/access.log}.
     */
    public static Running nginx(Path root, Path workDir, String directives) throws IOException, InterruptedException {
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        Files.createDirectories(workDir.resolve("logs"));
        for (int attempt = 0;; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            String conf = """
                    daemon off;
                    master_process off;
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log;
                    events { worker_connections 1024; }
                    http {
                        types { text/html html; text/plain txt; }
                        default_type application/octet-stream;
                        access_log %1$s/access.log;
                        client_body_temp_path %1$s/tmp;
                        proxy_temp_path %1$s/tmp;
                        fastcgi_temp_path %1$s/tmp;
                        uwsgi_temp_path %1$s/tmp;
                        scgi_temp_path %1$s/tmp;
                        server {
                            listen 127.0.0.1:%2$d;
                            root %3$s;
                            %4$s
                        }
                    }
                    """.formatted(workDir, port, root, directives);
            Path confFile = workDir.resolve("nginx.conf");
            Files.writeString(confFile, conf);
            Process p = new ProcessBuilder(binary, "-c", confFile.toString(), "-p", workDir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(workDir.resolve("logs/stderr.log").toFile()).start();
            if (waitForPort(p, port)) {
                return new Running(p, port);
            }
            p.destroyForcibly().waitFor();
            if (attempt == 2) {
                throw new IllegalStateException("nginx did not start: "
                        + Files.readString(workDir.resolve("logs/stderr.log")));
            }
        }
    }

    private static boolean waitForPort(Process p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return false;
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                p.waitFor(20, TimeUnit.MILLISECONDS); // not up yet: wait on the process, not a bare sleep
            }
        }
        return false;
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException e) {
            // the server ended
        }
    }
}
