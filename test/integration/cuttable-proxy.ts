import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A local TCP proxy to a real server that a test can cut: while cut, open connections are dropped and new ones
 * refused, so one client loses its backend while every other client (and test) keeps it.
 */
export class CuttableProxy {
  readonly #sockets = new Set<Socket>();
  #cut = false;

  private constructor(private readonly server: Server) {}

  /** Listens on a free local port and forwards each connection to `target` (`redis://host:port`). */
  static async open(target: string): Promise<CuttableProxy> {
    const { hostname, port } = new URL(target);
    const server = createServer();
    const proxy = new CuttableProxy(server);
    server.on("connection", (client) => proxy.#forward(client, hostname, Number(port || 6379)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** The target URL rewritten to go through the proxy (credentials and database kept). */
  urlFor(target: string): string {
    const url = new URL(target);
    url.hostname = "127.0.0.1";
    const address = this.server.address();
    url.port = String(typeof address === "object" && address ? address.port : 0);
    return url.toString();
  }

  /** Cuts (`true`) or restores (`false`) the line. */
  setCut(cut: boolean): void {
    this.#cut = cut;
    if (cut) for (const socket of this.#sockets) socket.destroy();
  }

  /** Drops every connection and stops listening. */
  async close(): Promise<void> {
    this.setCut(true);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #forward(client: Socket, host: string, port: number): void {
    if (this.#cut) return void client.destroy();
    const upstream = createConnection({ host, port });
    for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
      this.#sockets.add(socket);
      socket.on("error", () => other.destroy());
      socket.on("close", () => {
        this.#sockets.delete(socket);
        other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
