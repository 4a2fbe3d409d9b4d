// Building blocks shared by every zod schema of outside input (query parameters,
// form fields, environment variables).
import { z } from "zod";

/** An empty value ("?page=", "PORT=") means "not given", so defaults apply. */
export const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

/** A whole number from `min` to `max`; absent or empty means `fallback`. */
export function wholeNumberParam(min: number, max: number, fallback: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    emptyAsUnset,
    z.coerce.number({ message }).int(message).min(min, message).max(max, message).default(fallback),
  );
}
