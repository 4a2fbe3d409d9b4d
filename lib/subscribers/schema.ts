import { z } from "zod";
import { emailSchema } from "./email";
import { keywordsSchema } from "./keywords";

/** What the subscribe form and POST /api/subscribe accept. */
export const subscribeSchema = z.object({ email: emailSchema, keywords: keywordsSchema });

export type SubscribeRequest = z.infer<typeof subscribeSchema>;
