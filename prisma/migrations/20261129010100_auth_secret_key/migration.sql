-- The key sealing auth secrets (signing keys, TOTP secrets), wrapped under the KEK (src/auth/secret-box.ts).
CREATE TABLE "auth_secret_keys" (
    "version" INTEGER NOT NULL,
    "kek_version" TEXT NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "auth_secret_keys_pkey" PRIMARY KEY ("version")
);

CREATE INDEX "auth_secret_keys_kek_version_idx" ON "auth_secret_keys"("kek_version");
