import type { Command } from 'commander';
import { AuditCheckpoints } from '../../audit/audit-checkpoints.js';
import { AuditVerifier } from '../../audit/audit-verifier.js';
import { withAppContext } from '../cli-context.js';

/**
 * `audit:verify`: walks the whole chain and compares it with the witness (signed checkpoints kept
 * outside the database); exit 0 when intact, 1 naming the first bad sequence number.
 */
export function registerAuditVerify(program: Command): void {
  program
    .command('audit:verify')
    .description('verify the audit hash chain and its signed checkpoints (exit 1 if broken)')
    .option('--json', 'print the report as JSON')
    .option(
      '--since-last-checkpoint',
      'trust the latest signed checkpoint (checked) and walk only what follows',
    )
    .action(async (options: { json?: boolean; sinceLastCheckpoint?: boolean }) => {
      const started = Date.now();
      const report = await withAppContext((context) =>
        context.get(AuditVerifier).verify({ sinceLastCheckpoint: options.sinceLastCheckpoint === true }),
      );
      const seconds = (Date.now() - started) / 1000;
      if (options.json) {
        console.log(JSON.stringify(report));
      } else if (report.intact) {
        console.log(
          `audit chain intact: ${report.eventsChecked} events (seq ${report.fromSeq}..${report.lastSeq}), ${report.checkpointsChecked} signed checkpoints, ${report.witness.checked} witnessed checkpoints matched (${report.witness.source}), ${seconds.toFixed(1)}s`,
        );
      } else {
        console.error(
          `audit chain BROKEN at seq ${report.firstBad?.seq}: ${report.firstBad?.problem} — ${report.firstBad?.detail}`,
        );
      }
      if (!report.intact) process.exitCode = 1;
    });

  program
    .command('audit:checkpoint')
    .description('sign a checkpoint of the current audit chain head now')
    .action(async () => {
      const checkpoint = await withAppContext((context) => context.get(AuditCheckpoints).checkpoint());
      console.log(
        checkpoint
          ? `signed checkpoint at seq ${checkpoint.seq} (key ${checkpoint.keyId})`
          : 'nothing new to checkpoint',
      );
    });
}
