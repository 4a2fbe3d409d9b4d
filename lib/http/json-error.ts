/** The API's one error shape: `{"error": "<a sentence for a person>"}`, never a stack trace. */
export function jsonError(status: 400 | 401 | 404 | 429 | 503, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: message }, { status, headers });
}
