// Which process holds the client end of a TCP connection to a test server on this
// machine. The server sees only the peer's port; Linux's /proc/net/tcp maps the pair
// (client port, server port) to a socket inode, and /proc/<pid>/fd shows which process
// has that socket open. So a test learns who sent what without the app reporting it.
// Linux only (tests that use it skip elsewhere: see hasProcSockets).
import { existsSync } from "node:fs";
import { readdir, readFile, readlink } from "node:fs/promises";

export const hasProcSockets = existsSync("/proc/net/tcp");

/** The pid among `pids` whose socket is connected from `clientPort` to `serverPort`; undefined when none is. */
export async function pidOfClientSocket(clientPort: number, serverPort: number, pids: number[]): Promise<number | undefined> {
  const inode = await clientSocketInode(clientPort, serverPort);
  if (inode === undefined) return undefined;
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      // An fd closed since readdir reads as "": not ours.
      if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "")) === `socket:[${inode}]`) return pid;
    }
  }
  return undefined;
}

/** Rows look like "0: 0100007F:C350 0100007F:1F90 01 … uid timeout inode …" (ports in hex). */
async function clientSocketInode(clientPort: number, serverPort: number): Promise<string | undefined> {
  const portOf = (address: string) => parseInt(address.slice(address.lastIndexOf(":") + 1), 16);
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const rows = (await readFile(table, "utf8").catch(() => "")).split("\n").slice(1);
    for (const row of rows) {
      const [, local, remote, , , , , , , inode] = row.trim().split(/\s+/);
      // Inode 0: a closed connection in TIME_WAIT that once used the same ports.
      if (inode && inode !== "0" && portOf(local) === clientPort && portOf(remote) === serverPort) return inode;
    }
  }
  return undefined;
}
