// Tells "the database cannot be reached right now" (a restart, a network cut, a full
// pool) apart from every other error, whatever layer threw it: Prisma's error codes,
// the driver adapter's error kinds, pg's own errors (which the adapter passes on as
// plain Errors), PostgreSQL's SQLSTATEs and Node's socket errors. Those become a 503
// (try again shortly); anything else stays a bug, a 500.

/** Prisma: can't reach (P1001), timed out (P1002, P1008), closed the connection (P1017), pool timeout (P2024), too many connections (P2037). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);

/** @prisma/adapter-pg's names for socket and connection failures. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);

const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/**
 * SQLSTATEs of a server going away or refusing connections: class 08 (connection
 * exception), 57P01–57P03 (shutdown, crash, "the database system is starting up") and
 * 53300 (too many connections).
 */
const isUnavailableSqlState = (code: string) => code.startsWith("08") || /^57P0[1-3]$/.test(code) || code === "53300";

/** What pg throws, without a code, when a connection dies or cannot be made or pooled in time. */
const DRIVER_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|Server has closed the connection|Connection ended unexpectedly/i;

/**
 * pg-pool's error when every connection of the pool stayed taken for connectionTimeoutMillis
 * (lib/db/client.ts): the pool is saturated by slow queries, which says nothing about
 * whether the database answers (a connection that cannot be made fails otherwise:
 * "Connection terminated due to connection timeout", ECONNREFUSED, …).
 */
const POOL_WAIT_TIMEOUT = /^timeout exceeded when trying to connect$/i;

type ErrorLike = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

export function isDatabaseUnavailable(error: unknown): boolean {
  return someInChain(error, ({ code, kind, message }) => {
    if (typeof code === "string" && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || isUnavailableSqlState(code))) return true;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    return typeof message === "string" && DRIVER_MESSAGES.test(message);
  });
}

/** Whether the error is (or wraps) pg-pool's "no connection free in time": a busy pool, not a dead database. */
export function isPoolWaitTimeout(error: unknown): boolean {
  return someInChain(error, ({ message }) => typeof message === "string" && POOL_WAIT_TIMEOUT.test(message.trim()));
}

function someInChain(error: unknown, test: (current: ErrorLike) => boolean): boolean {
  // Follows causes and Prisma's wrapped adapter error; the depth bound stops a cycle.
  const seen: unknown[] = [error];
  for (let depth = 0; depth < seen.length && depth < 8; depth += 1) {
    const current = seen[depth];
    if (typeof current !== "object" || current === null) continue;
    if (test(current as ErrorLike)) return true;
    const { cause, meta } = current as ErrorLike;
    if (cause !== undefined) seen.push(cause);
    if (meta?.driverAdapterError !== undefined) seen.push(meta.driverAdapterError);
  }
  return false;
}
