// The one place that reads process.env: parsed once, at first import.
import { parseEnv, type Env } from "./schema";

export type { Env };
export const env: Env = parseEnv(process.env);
