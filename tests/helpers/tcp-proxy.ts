// A TCP proxy in front of the test PostgreSQL server, which a test can cut and restore:
// to the app behind it, what a database restart or a network cut looks like, without
// stopping the server every other test shares.
//
//   const proxy = await startTcpProxy(5432);
//   const url = proxy.urlFor(process.env.DATABASE_URL!);   // same database, through the proxy
//   await proxy.down();          // open connections are cut, new ones refused (ECONNREFUSED)
//   await proxy.down("reset");   // new ones accepted, then closed at once
//   await proxy.down("stall");   // new ones accepted, never answered (a host gone silent)
//   await proxy.up();            // forwards again, on the same port
//   await proxy.close();
import net from "node:net";

export type DownMode = "refuse" | "reset" | "stall";

export type TcpProxy = {
  port: number;
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  urlFor: (databaseUrl: string) => string;
  /** Connections accepted so far (forwarded, reset or stalled; refused ones never arrive). */
  accepted: () => number;
  down: (mode?: DownMode) => Promise<void>;
  up: () => Promise<void>;
  close: () => Promise<void>;
};

export async function startTcpProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let mode: DownMode | "forward" = "forward";
  let accepted = 0;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A cut connection errors on both ends; that is the point, not a test failure.
    socket.on("error", () => {});
  };

  const server = net.createServer((client) => {
    accepted += 1;
    track(client);
    if (mode === "reset") return void client.destroy();
    if (mode === "stall") return;
    const upstream = net.connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  await listen(0);
  const { port } = server.address() as net.AddressInfo;

  return {
    port,
    urlFor(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    accepted: () => accepted,
    async down(downMode = "refuse") {
      mode = downMode;
      // close() only stops accepting; the open connections are cut by hand, as a restart cuts them.
      if (downMode === "refuse") {
        const closed = stopListening();
        cutAll();
        await closed;
      } else {
        cutAll();
        if (!server.listening) await listen(port);
      }
    },
    async up() {
      mode = "forward";
      // Stalled connections stay stalled: the client times them out, as it would a silent host.
      if (!server.listening) await listen(port);
    },
    async close() {
      const closed = stopListening();
      cutAll();
      await closed;
    },
  };
}
