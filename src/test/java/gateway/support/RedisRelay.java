package gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between one gateway process and its Redis that can cut the process off at a chosen moment: once a
 * command naming the marker has gone through, nothing more passes either way (not even that command's reply), as if
 * the process had died the instant Redis ran that command. Threads per connection are fine here: it is a test tool.
 */
public final class RedisRelay implements AutoCloseable {

    private final ServerSocket server;
    private final String redisHost;
    private final int redisPort;
    // every socket opened, closed with the relay: a test opens a few dozen
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile byte[] marker;
    private volatile boolean cut;

    private RedisRelay(String redisUrl) {
        URI redis = URI.create(redisUrl);
        this.redisHost = redis.getHost();
        this.redisPort = redis.getPort();
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "redis-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RedisRelay to(String redisUrl) {
        return new RedisRelay(redisUrl);
    }

    public String url() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, the first command containing the marker is the last thing that passes. */
    public void cutAfter(String text) {
        marker = text.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isCut() {
        return cut;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(RedisRelay::quietlyClose);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // the relay closed
            }
            try {
                Socket redis = new Socket(redisHost, redisPort);
                sockets.add(client);
                sockets.add(redis);
                pump(client, redis, true);
                pump(redis, client, false);
            } catch (IOException e) {
                quietlyClose(client); // Redis is down: the gateway sees its connection fail, as it would without us
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsRedis) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            byte[] seen = new byte[0]; // the end of the previous chunk, so a marker split across two is found
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    byte[] window = new byte[seen.length + read];
                    System.arraycopy(seen, 0, window, 0, seen.length);
                    System.arraycopy(buffer, 0, window, seen.length, read);
                    seen = Arrays.copyOfRange(window, Math.max(0, window.length - 256), window.length);
                    boolean last = towardsRedis && !cut && contains(window, marker);
                    if (last) {
                        cut = true; // before forwarding, so not even this command's reply comes back
                    } else if (cut) {
                        continue;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                quietlyClose(from);
                quietlyClose(to);
            }
        }, "redis-relay-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static boolean contains(byte[] chunk, byte[] wanted) {
        if (wanted == null) {
            return false;
        }
        outer:
        for (int i = 0; i + wanted.length <= chunk.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (chunk[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
