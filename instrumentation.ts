// Next calls register() once when a server process starts: the place for
// background work that must live as long as the server (the digest schedule).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  await startJobs();
}
