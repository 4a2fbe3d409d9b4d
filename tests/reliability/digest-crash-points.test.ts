// Issue #8, "Faults": one digest day killed (SIGKILL: no clean-up, no finally) at 20
// seeded random points across the run's phases (and another, with 4 sends in flight, at
// 10), each time resumed by a new process
// (tests/helpers/crash-chain.ts). Every subscriber due gets the digest, none is missed,
// and a message arrives twice only where a kill left its send ambiguous (begun, not
// recorded): that row says interrupted, and the duplicates never exceed what the kills
// left in flight, at most `concurrency` per crash (1 with one send in flight: the issue's
// "at most one per crash"). DIGEST_CRASH_SEED=<seed> replays a run's points.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { describePoint, POINT_KINDS, runCrashChain, seedCrashDay, tallyCrashes, type CrashChainResult, type CrashDay } from "@/tests/helpers/crash-chain";
import { resetDatabase } from "../setup/reset-database";

const DATE = "2026-11-24";
const SUBSCRIBERS = 120;
// Each crash costs a child process (~1.5–2 s of CPU to load and start sending): 20 points
// with one send in flight, the issue's bound, and 10 more with 4 (`npm run bench -- crash`: 100 each).
const CRASHES: Record<number, number> = { 1: 20, 4: 10 };
const SEED = process.env.DIGEST_CRASH_SEED ? Number(process.env.DIGEST_CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
console.info(`[crash-points] seed ${SEED} (replay: DIGEST_CRASH_SEED=${SEED})`);

describe.each([1, 4])("a digest day with %i in flight, killed at random points and resumed each time", (concurrency) => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  let day: CrashDay;
  let result: CrashChainResult;

  beforeAll(async () => {
    await resetDatabase();
    day = await seedCrashDay(db, DATE, SUBSCRIBERS);
  });
  afterAll(() => db.$disconnect());

  it("the chain is killed at every point drawn, of every kind, and its last child finishes the day", async () => {
    result = await runCrashChain({ db, databaseUrl: process.env.DATABASE_URL!, date: DATE, crashes: CRASHES[concurrency], seed: SEED + concurrency, concurrency, log: (line) => console.info(`[crash-points] ${line}`) });

    expect(result.crashes).toHaveLength(CRASHES[concurrency]);
    expect(new Set(result.crashes.map((crash) => crash.point.kind))).toEqual(new Set(POINT_KINDS));
    expect(result.final).toMatchObject({ status: "done", recipients: day.expected.length + day.skipped.length, sent: day.expected.length, skipped: day.skipped.length, failed: 0 });
    // The kills reset connections mid-transaction; nothing else went wrong on the server.
    for (const code of result.serverErrors) expect(["ECONNRESET", "EPIPE"]).toContain(code);
  }, 480_000);

  it("every subscriber due has the digest, nobody else; duplicates only from sends a kill left ambiguous, marked interrupted", async () => {
    const rows = await db.digestDelivery.findMany({ where: { editionDate: new Date(DATE) }, include: { subscriber: { select: { email: true } } } });
    const interrupted = new Set(rows.filter((row) => row.interruptedAt !== null).map((row) => row.subscriber.email));
    const tally = tallyCrashes(result, day, interrupted, concurrency);
    console.info(
      `[crash-points] ${concurrency} in flight: ${tally.crashes} crashes (${result.children} children, chain ${(result.chainMs / 1000).toFixed(1)} s), ` +
        `${tally.duplicates} duplicate(s) of ${tally.ambiguousAtKills} send(s) left ambiguous (bound ${tally.bound}), ${tally.interrupted} row(s) interrupted; ` +
        `children's CPU ${result.cpu ? `${(result.cpu.startupMs / 1000).toFixed(1)} s loading, ${(result.cpu.runMs / 1000).toFixed(1)} s running` : "n/a"}\n` +
        result.crashes.map((crash, n) => `  ${n + 1}. ${describePoint(crash.point)}: ${crash.ambiguous.length} ambiguous, ${crash.stranded} stranded, ${crash.claimed} claimed, ${crash.remaining} to do`).join("\n"),
    );

    expect(tally.missed).toEqual([]);
    expect(tally.unexpected).toEqual([]);
    expect(tally.unexplained).toEqual([]);
    expect(tally.unmarked).toEqual([]);
    for (const crash of result.crashes) expect(crash.ambiguous.length).toBeLessThanOrEqual(concurrency);
    expect(tally.duplicates).toBeLessThanOrEqual(tally.ambiguousAtKills);
    expect(tally.ambiguousAtKills).toBeLessThanOrEqual(tally.bound);
    expect(result.messages).toHaveLength(day.expected.length + tally.duplicates);
    // A duplicate is the same message: the same Message-ID, which mail clients de-duplicate by.
    for (const email of tally.duplicatedRecipients) {
      const copies = result.messages.filter((_, index) => result.envelopes[index].to.includes(email));
      expect(new Set(copies.map((mail) => mail.messageId)).size).toBe(1);
    }

    expect(rows).toHaveLength(day.expected.length + day.skipped.length);
    const states = Object.fromEntries(rows.map((row) => [row.subscriber.email, row.state]));
    expect(states).toEqual({ ...Object.fromEntries(day.expected.map((email) => [email, "sent"])), ...Object.fromEntries(day.skipped.map((email) => [email, "skipped"])) });
    // Only a row some kill found begun and unrecorded is marked interrupted.
    const everAmbiguous = new Set(result.crashes.flatMap((crash) => crash.ambiguous));
    for (const email of interrupted) expect(everAmbiguous).toContain(email);
    expect((await db.digestRun.findUniqueOrThrow({ where: { id: result.runId } })).status).toBe("done");
  });
});
