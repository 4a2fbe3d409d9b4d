// withDatabaseErrors (lib/http/json-error.ts): a route handler that loses the database
// mid-request answers 503 with Retry-After and a sentence, never a 500 or the driver's
// message; any other error still reaches Next as a 500 (a bug must not pass for an outage).
import net from "node:net";
import { describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { withDatabaseErrors } from "@/lib/http/json-error";

async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

describe("withDatabaseErrors", () => {
  it("answers 503 with Retry-After, JSON and no detail when the handler's query cannot reach the database", async () => {
    const unreachable = createPrismaClient(await closedPortUrl());
    try {
      const GET = withDatabaseErrors(async () => Response.json({ papers: await unreachable.paper.count() }));
      const response = await GET();
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const body = await response.json();
      expect(body).toEqual({ error: expect.stringContaining("unavailable") });
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|reach|Prisma/);
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("rethrows every other error, and passes answers through untouched", async () => {
    const bug = withDatabaseErrors(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    });
    await expect(bug()).rejects.toThrow(TypeError);
    const fine = withDatabaseErrors(async (request: Request) => new Response(new URL(request.url).pathname, { status: 201 }));
    const response = await fine(new Request("http://localhost/api/x"));
    expect([response.status, await response.text()]).toEqual([201, "/api/x"]);
  });
});
