// `npm run bench -- crash`: the digest crash-injection test at scale. One digest day is
// killed (SIGKILL) at 100 seeded random points and resumed each time by a new process
// (tests/helpers/crash-chain.ts, the chain tests/reliability/digest-crash-points.test.ts
// runs with 20); prints crashes, duplicates, rows marked interrupted, missed subscribers
// and the time it took, and appends a row to bench/results/crash.json.
import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { appendResult, codeVersion, createServerDatabase, describeMachine, trackDatabases, usageError, wholeNumberOption, type BenchDatabase } from "./common";

export const usage = `npm run bench -- crash [options]

Kills one digest day at N seeded random points and resumes it each time in a new
process (the chain of tests/reliability/digest-crash-points.test.ts, at scale): child #1
runs the day until killed at point 1, child #2 resumes it until point 2, …, and a last
child finishes it. Points: a delay after the child starts, or a step of the SMTP
transaction (MAIL FROM, RCPT TO, DATA under way, message kept before its 250, just
after the 250). Checks that every subscriber due got the digest and that duplicates
come only from sends a kill left ambiguous (at most the concurrency per crash), and
reports them. A fresh database, dropped afterwards.

Options:
  --crashes N           kill points (default 100)
  --subscribers N       subscribers (default 500; about 4 messages go per child)
  --concurrency N[,N…]  sends in flight per child, one chain each (default 1,4)
  --seed N              replay the points of an earlier run (default: random, printed)
  --keep                keep the bench database (its name is printed)
  --no-save             do not append the figures to bench/results/crash.json
  -h, --help            this text

Environment:
  BENCH_DATABASE_URL  server to create the bench database on
                      (default postgresql://postgres@127.0.0.1:5432/postgres)`;

const DATE = "2026-11-24";
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

type Options = { crashes: number; subscribers: number; concurrency: number[]; seed: number; keep: boolean; save: boolean };

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      crashes: { type: "string", default: "100" },
      subscribers: { type: "string", default: "500" },
      concurrency: { type: "string", default: "1,4" },
      seed: { type: "string" },
      keep: { type: "boolean", default: false },
      "no-save": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const crashes = wholeNumberOption("crashes", values.crashes, 1);
  const subscribers = wholeNumberOption("subscribers", values.subscribers, 20);
  if (subscribers < crashes * 2) throw usageError(`--subscribers must be at least twice --crashes, so the day outlasts the chain (got ${subscribers} for ${crashes})`);
  return {
    crashes,
    subscribers,
    concurrency: values.concurrency.split(",").map((raw) => wholeNumberOption("concurrency", raw, 1)),
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : wholeNumberOption("seed", values.seed, 0),
    keep: values.keep,
    save: !values["no-save"],
  };
}

type ChainReport = {
  concurrency: number;
  subscribers: number;
  digests: number;
  crashes: number;
  duplicates: number;
  ambiguousAtKills: number;
  bound: number;
  interrupted: number;
  missed: number;
  unexplained: number;
  ok: boolean;
  chainMs: number;
  perCrashMs: number;
  bundleMs: number;
  childrenCpuMs: { startupMs: number; runMs: number } | null;
  byKind: Record<string, { kills: number; ambiguous: number }>;
  final: unknown;
};

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(usage);
    return;
  }
  const loadavgStart = os.loadavg();
  const benchStart = performance.now();
  const { open, dropAll, release } = trackDatabases<BenchDatabase>(options.keep, log);
  const database = await createServerDatabase("crash");
  open.push(database);
  log(`${database.label}, seed ${options.seed} (replay: --seed ${options.seed})`);

  // lib/ reads these once, in this process (createDigestRun) and in every child.
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");
  const { migrate } = await import("@/lib/db/migrate");
  const { createPrismaClient } = await import("@/lib/db/client");
  const { runCrashChain, seedCrashDay, tallyCrashes, POINT_KINDS } = await import("@/tests/helpers/crash-chain");
  const { resetDatabase } = await import("@/tests/setup/reset-database");
  await migrate(database.url);

  const db = createPrismaClient(database.url, { poolSize: 2 });
  const chains: ChainReport[] = [];
  try {
    for (const concurrency of options.concurrency) {
      await resetDatabase();
      const day = await seedCrashDay(db, DATE, options.subscribers);
      log(`${concurrency} in flight: ${options.crashes} crashes over ${day.expected.length} digests`);
      const result = await runCrashChain({
        db,
        databaseUrl: database.url,
        date: DATE,
        crashes: options.crashes,
        seed: options.seed + concurrency,
        concurrency,
        log: (line) => log(`  ${line}`),
      });
      const rows = await db.digestDelivery.findMany({ where: { editionDate: new Date(DATE) }, include: { subscriber: { select: { email: true } } } });
      const interrupted = new Set(rows.filter((row) => row.interruptedAt !== null).map((row) => row.subscriber.email));
      const tally = tallyCrashes(result, day, interrupted, concurrency);
      const ok =
        tally.missed.length === 0 &&
        tally.unexpected.length === 0 &&
        tally.unexplained.length === 0 &&
        tally.unmarked.length === 0 &&
        tally.duplicates <= tally.ambiguousAtKills &&
        result.crashes.every((crash) => crash.ambiguous.length <= concurrency) &&
        result.final.status === "done";
      const byKind = Object.fromEntries(
        POINT_KINDS.map((kind) => {
          const kills = result.crashes.filter((crash) => crash.point.kind === kind);
          return [kind, { kills: kills.length, ambiguous: kills.reduce((sum, crash) => sum + crash.ambiguous.length, 0) }];
        }),
      );
      chains.push({
        concurrency,
        subscribers: options.subscribers,
        digests: day.expected.length,
        crashes: tally.crashes,
        duplicates: tally.duplicates,
        ambiguousAtKills: tally.ambiguousAtKills,
        bound: tally.bound,
        interrupted: tally.interrupted,
        missed: tally.missed.length,
        unexplained: tally.unexplained.length + tally.unmarked.length,
        ok,
        chainMs: Math.round(result.chainMs),
        perCrashMs: Math.round(result.chainMs / result.children),
        bundleMs: Math.round(result.bundleMs),
        childrenCpuMs: result.cpu,
        byKind,
        final: result.final,
      });
    }
  } finally {
    await db.$disconnect();
    if (!options.keep) await dropAll();
    release();
  }

  const out = [
    "",
    `Digest crash injection — one day killed (SIGKILL) at ${options.crashes} seeded random points, resumed each time by a new process; seed ${options.seed}`,
    `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, node ${process.version}; lease 400 ms, batch 4; load average ${loadavgStart.map((n) => n.toFixed(1)).join(" ")} at the start`,
    `"ambiguous": sends begun and not recorded when a kill came (the bound on duplicates: at most "in flight" per crash); "interrupted": rows marked so by the child that took them over.`,
    `"CPU s": the children's CPU time loading (while the one before ran) and running, from /proc.`,
    "",
    table(
      ["in flight", "digests", "crashes", "duplicates", "ambiguous", "bound", "interrupted", "missed", "unexplained", "checks", "chain s", "s/child", "CPU s load/run"],
      chains.map((c) => [
        String(c.concurrency),
        String(c.digests),
        String(c.crashes),
        String(c.duplicates),
        String(c.ambiguousAtKills),
        String(c.bound),
        String(c.interrupted),
        String(c.missed),
        String(c.unexplained),
        c.ok ? "pass" : "FAIL",
        (c.chainMs / 1000).toFixed(1),
        (c.perCrashMs / 1000).toFixed(2),
        c.childrenCpuMs ? `${(c.childrenCpuMs.startupMs / 1000).toFixed(0)}/${(c.childrenCpuMs.runMs / 1000).toFixed(0)}` : "n/a",
      ]),
    ),
    "",
    table(
      ["kills by point", ...chains.map((c) => `${c.concurrency} in flight: kills / ambiguous`)],
      POINT_KINDS.map((kind) => [kind, ...chains.map((c) => `${c.byKind[kind].kills} / ${c.byKind[kind].ambiguous}`)]),
    ),
    "",
    `Total bench time ${((performance.now() - benchStart) / 1000).toFixed(0)} s.`,
  ];
  console.log(out.join("\n"));

  if (options.save) {
    const row = {
      date: new Date().toISOString(),
      machine: describeMachine(loadavgStart),
      code: codeVersion(["lib", "tests/helpers", "bench/crash.ts"]),
      options: { crashes: options.crashes, subscribers: options.subscribers, concurrency: options.concurrency, seed: options.seed },
      chains,
      totalSeconds: Math.round((performance.now() - benchStart) / 1000),
    };
    log(`appended the figures to ${await appendResult("crash", row)}`);
  }
  if (chains.some((c) => !c.ok)) process.exitCode = 1;
}
