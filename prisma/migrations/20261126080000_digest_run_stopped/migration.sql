-- A digest run ended by a graceful stop (SIGTERM) with deliveries left is "stopped":
-- its claimed rows were released, and running it again (or another run) finishes the day.
ALTER TABLE "digest_runs" DROP CONSTRAINT "digest_runs_status_check";
ALTER TABLE "digest_runs" ADD CONSTRAINT "digest_runs_status_check" CHECK ("status" IN ('queued', 'running', 'done', 'failed', 'stopped'));
