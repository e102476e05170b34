-- One-time enrolment codes (issue 14): a user created through the API or web client sets their own
-- password with a code the administrator hands over; the administrator never knows the password.
-- Stored as SHA-256 (the code is 256 random bits), used once, expiring.
CREATE TABLE "user_enrolments" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    CONSTRAINT "user_enrolments_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "user_enrolments_code_hash_key" ON "user_enrolments"("code_hash");
CREATE INDEX "user_enrolments_user_id_idx" ON "user_enrolments"("user_id");

ALTER TABLE "user_enrolments" ADD CONSTRAINT "user_enrolments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
