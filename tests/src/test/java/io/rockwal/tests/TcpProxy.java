package io.rockwal.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback that can lose the network: while {@linkplain #cut() cut}, it moves no
 * byte either way and connects nothing new, but closes no connection, so peers see what a pulled
 * cable looks like (requests that time out), not a refused or reset connection.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private volatile int targetPort;
    private volatile boolean cut;
    private volatile boolean closed;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** A proxy on a free loopback port; {@link #forwardTo} says where to. */
    TcpProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void forwardTo(int port) {
        targetPort = port;
    }

    /** From now on nothing passes. */
    void cut() {
        cut = true;
    }

    /** Bytes flow again, on the old connections too. */
    void restore() {
        cut = false;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                while (cut && !closed) {
                    Thread.sleep(20); // a lost network connects nothing; the client's connect times out
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) throws IOException {
        from.setSoTimeout(50);
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try {
                        while (!closed) {
                            if (cut) {
                                Thread.sleep(20); // read nothing: the sender's buffers fill, as on a dead link
                                continue;
                            }
                            int read;
                            try {
                                read = in.read(buffer);
                            } catch (SocketTimeoutException e) {
                                continue;
                            }
                            if (read < 0) {
                                break;
                            }
                            while (cut && !closed) {
                                Thread.sleep(20); // bytes read just before the cut wait for the link to come back
                            }
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // the other side closed; close both below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(TcpProxy::closeQuietly);
    }
}
