import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { checkHealth } from "@/lib/db/health";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("checkHealth", () => {
  const live = createPrismaClient(process.env.DATABASE_URL!);
  afterAll(() => live.$disconnect());

  it("reports ok with the paper count when the database answers", async () => {
    const health = await checkHealth(live);
    expect(health).toEqual({ status: "ok", database: "ok", papers: expect.any(Number) });
  });

  it("reports the database as down, without details, when it is unreachable", async () => {
    const dead = createPrismaClient(`postgresql://postgres@127.0.0.1:${await closedPort()}/postgres`);
    expect(await checkHealth(dead)).toEqual({ status: "error", database: "error" });
    await dead.$disconnect();
  });
});
