// `npm run bench:report`: rewrites BENCHMARKS.md and bench/plots/*.svg from every
// bench/results/*.json. The output depends on the rows alone (no clock), so a rerun on the
// same rows changes no byte and git shows only what new rows changed.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildReport } from "./report/build";
import { readResults } from "./report/rows";
import { PLOTS_DIRECTORY } from "./report/section";

const root = path.resolve(import.meta.dirname, "..");
const plotsDirectory = path.join(root, PLOTS_DIRECTORY);

const { markdown, plots } = buildReport(readResults(path.join(import.meta.dirname, "results")));

mkdirSync(plotsDirectory, { recursive: true });
// A plot whose data went away (or was renamed) must not linger, linked from nowhere.
const current = new Set(plots.map((plot) => plot.file));
for (const file of readdirSync(plotsDirectory)) if (file.endsWith(".svg") && !current.has(file)) rmSync(path.join(plotsDirectory, file));
for (const plot of plots) writeFileSync(path.join(plotsDirectory, plot.file), plot.svg);
writeFileSync(path.join(root, "BENCHMARKS.md"), markdown);

console.log(`[bench:report] wrote BENCHMARKS.md and ${plots.length} plot${plots.length === 1 ? "" : "s"} in ${PLOTS_DIRECTORY}/`);
