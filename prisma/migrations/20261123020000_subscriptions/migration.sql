-- Subscriptions and the daily digest: subscribers with their followed keywords,
-- single-use email tokens, rate-limit counters, editions, runs and deliveries.

-- CreateTable
CREATE TABLE "subscribers" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ(3),
    "unsubscribed_at" TIMESTAMPTZ(3),
    "digest_enabled" BOOLEAN NOT NULL DEFAULT true,
    "frequency" TEXT NOT NULL DEFAULT 'daily',
    "skip_weekends" BOOLEAN NOT NULL DEFAULT false,
    "keyword_mode" TEXT NOT NULL DEFAULT 'boost',

    CONSTRAINT "subscribers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "subscribers_frequency_check" CHECK ("frequency" IN ('daily', 'weekly')),
    CONSTRAINT "subscribers_keyword_mode_check" CHECK ("keyword_mode" IN ('boost', 'filter'))
);

-- CreateTable
CREATE TABLE "followed_keywords" (
    "id" SERIAL NOT NULL,
    "subscriber_id" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "followed_keywords_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_tokens" (
    "token_hash" TEXT NOT NULL,
    "subscriber_id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auth_tokens_pkey" PRIMARY KEY ("token_hash"),
    CONSTRAINT "auth_tokens_purpose_check" CHECK ("purpose" IN ('confirm', 'sign-in'))
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "digest_editions" (
    "date" DATE NOT NULL,
    "paper_ids" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_editions_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "digest_runs" (
    "id" TEXT NOT NULL,
    "edition_date" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "digest_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "digest_runs_status_check" CHECK ("status" IN ('queued', 'running', 'done', 'failed'))
);

-- CreateTable
CREATE TABLE "digest_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "subscriber_id" TEXT NOT NULL,
    "edition_date" DATE NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "message_id" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "interrupted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "digest_deliveries_state_check" CHECK ("state" IN ('pending', 'sending', 'sent', 'failed', 'skipped'))
);

-- CreateTable
CREATE TABLE "for_you_sent" (
    "subscriber_id" TEXT NOT NULL,
    "paper_id" TEXT NOT NULL,
    "edition_date" DATE NOT NULL,

    CONSTRAINT "for_you_sent_pkey" PRIMARY KEY ("subscriber_id","paper_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "subscribers_email_key" ON "subscribers"("email");

-- CreateIndex
CREATE UNIQUE INDEX "followed_keywords_subscriber_id_query_key" ON "followed_keywords"("subscriber_id", "query");

-- CreateIndex
CREATE INDEX "auth_tokens_subscriber_id_idx" ON "auth_tokens"("subscriber_id");

-- CreateIndex
CREATE INDEX "digest_runs_edition_date_idx" ON "digest_runs"("edition_date");

-- CreateIndex
CREATE UNIQUE INDEX "digest_deliveries_subscriber_id_edition_date_key" ON "digest_deliveries"("subscriber_id", "edition_date");

-- CreateIndex
CREATE INDEX "digest_deliveries_edition_date_state_idx" ON "digest_deliveries"("edition_date", "state");

-- AddForeignKey
ALTER TABLE "followed_keywords" ADD CONSTRAINT "followed_keywords_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest_deliveries" ADD CONSTRAINT "digest_deliveries_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "for_you_sent" ADD CONSTRAINT "for_you_sent_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "for_you_sent" ADD CONSTRAINT "for_you_sent_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "papers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
