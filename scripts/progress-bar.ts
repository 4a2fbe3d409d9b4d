// One status line for long CLI work: a bar when the total is known, the rate and ETA.
// On a terminal it redraws in place; in a log (CI, a pipe) it prints a line every 5 s,
// and at once when told the work entered a new phase (`force`).

const WIDTH = 24;
const LOG_EVERY_MS = 5_000;

export type ProgressBar = { update: (done: number, total: number | null, detail: string, force?: boolean) => void; finish: () => void };

export function createProgressBar(label: string, options: { unit?: "bytes" | "items" } = {}): ProgressBar {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let lastLog = 0;
  let drawn = false;
  return {
    update(done, total, detail, force = false) {
      const now = Date.now();
      if (!tty && !force && now - lastLog < LOG_EVERY_MS) return;
      lastLog = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const fraction = total ? Math.min(done / total, 1) : null;
      const bar = fraction === null ? "" : `${"█".repeat(Math.round(fraction * WIDTH)).padEnd(WIDTH, "░")} ${(fraction * 100).toFixed(0).padStart(3)}%  `;
      const eta = fraction && fraction > 0 ? `  ETA ${formatSeconds((seconds / fraction) * (1 - fraction))}` : "";
      const amount = options.unit === "bytes" ? `${(done / 1e6).toFixed(1)}/${total ? (total / 1e6).toFixed(1) : "?"} MB  ` : "";
      const line = `[${label}] ${bar}${amount}${detail}${eta}`;
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      drawn = tty;
    },
    finish() {
      if (drawn) process.stderr.write("\n");
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, "0")}s`;
}
