-- Users and roles: the identity every later table refers to.
CREATE TYPE "Role" AS ENUM ('admin', 'clinician', 'nurse', 'compliance', 'integration');
CREATE TYPE "UserStatus" AS ENUM ('active', 'disabled');

CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "status" "UserStatus" NOT NULL DEFAULT 'active',
    "password_hash" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    -- Emails are stored lower-cased by the application; the check makes that a database fact.
    CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"))
);

CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
