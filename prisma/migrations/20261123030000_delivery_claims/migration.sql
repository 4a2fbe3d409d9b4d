-- Who holds a delivery's claim, and whether its send had begun: a worker whose lease
-- ran out must not send a row another worker took over, and only a row whose send
-- had begun can have reached the SMTP server before a crash.
ALTER TABLE "digest_deliveries" ADD COLUMN "claim_token" TEXT;
ALTER TABLE "digest_deliveries" ADD COLUMN "send_started_at" TIMESTAMPTZ(3);
