// One app server process, as far as background work goes, for
// tests/jobs/two-processes-share-digest.test.ts. Next calls instrumentation.ts's
// register() once when a server process starts; with NEXT_RUNTIME=nodejs it starts the
// pg-boss schedules and workers (lib/jobs/start-jobs.ts), which use this process's own
// PrismaClient and pooled mailer. This runs exactly that, without the HTTP side.
// Started by tests/helpers/app-process.ts with the app's environment; lib/jobs logs
// "[jobs] …" lines to stdout. Runs until killed, as a server does.
import { register } from "@/instrumentation";

await register();
