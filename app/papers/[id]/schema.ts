import { z } from "zod";

/** Paper ids are 12 lowercase hex characters (lib/papers/paper-id.ts); anything else cannot exist. */
export const paperIdSchema = z.string().regex(/^[0-9a-f]{12}$/);
