-- Break-the-glass reasons are free text about the patient ("collapsed in radiology"), so they are
-- sealed under the patient's data key (AAD: patient, break_glass_grants, grant id, 'reason') and go
-- with it when the patient is erased (issue 14). Reasons of earlier grants stay where they also are,
-- in their breakglass.start audit events; the plaintext column goes.
ALTER TABLE "break_glass_grants" DROP COLUMN "reason";
ALTER TABLE "break_glass_grants" ADD COLUMN "reason_ciphertext" BYTEA;
