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
    await live.paper.create({ data: { id: "health00001", title: "Counted by the health check", titleKey: "counted by the health check", abstract: "", publishedAt: new Date(), source: "test" } });
    try {
      expect(await checkHealth(live, process.env.DATABASE_URL)).toEqual({ status: "ok", database: "ok", papers: await live.paper.count() });
    } finally {
      await live.paper.delete({ where: { id: "health00001" } });
    }
  });

  it("reports the database as down, without details, when it is unreachable", async () => {
    const url = `postgresql://postgres@127.0.0.1:${await closedPort()}/postgres`;
    const dead = createPrismaClient(url);
    expect(await checkHealth(dead, url)).toEqual({ status: "error", database: "error" });
    await dead.$disconnect();
  });

  it("reports it down when the probe passes but the query fails (the database went away in between)", async () => {
    const dead = createPrismaClient(`postgresql://postgres@127.0.0.1:${await closedPort()}/postgres`);
    expect(await checkHealth(dead, process.env.DATABASE_URL)).toEqual({ status: "error", database: "error" });
    await dead.$disconnect();
  });
});
