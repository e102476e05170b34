import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { ImportService, type ImportProgress } from '../../ingest/import.service.js';
import { withAppContext } from '../cli-context.js';

/**
 * `import FILE...`: each file (single messages or FHS/BHS batches) is streamed as one import job —
 * bounded memory for any size — with a progress bar and a summary. Exit 1 if any message was refused.
 */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import HL7 v2 files (single messages or FHS/BHS batches) as import jobs')
    .argument('<files...>', 'HL7 v2 ER7 files')
    .option('--no-progress', 'no progress bar')
    .action(async (files: string[], options: { progress: boolean }) => {
      const sizes = files.map((file) => statSync(file).size);
      let refused = 0;
      await withAppContext(async (context) => {
        const imports = context.get(ImportService);
        for (const [i, file] of files.entries()) {
          const bar =
            options.progress && process.stderr.isTTY
              ? new SingleBar(
                  {
                    format: `${basename(file)} [{bar}] {percentage}% | {messages} messages`,
                    hideCursor: true,
                  },
                  Presets.shades_classic,
                )
              : undefined;
          bar?.start(sizes[i]!, 0, { messages: 0 });
          const summary = await imports.run(createReadStream(file, { highWaterMark: 256 * 1024 }), {
            channel: 'file',
            source: basename(file),
            bytesTotal: sizes[i],
            onProgress: (progress) => bar?.update(progress.bytesRead, { messages: progress.messages }),
          });
          bar?.update(summary.bytesRead, { messages: summary.messages });
          bar?.stop();
          refused += summary.rejected;
          console.log(describe(file, summary));
        }
      });
      if (refused > 0) process.exitCode = 1;
    });
}

function describe(file: string, summary: ImportProgress): string {
  const lines = [
    `${file}: import job ${summary.jobId}`,
    `  messages ${summary.messages}, accepted ${summary.accepted}, duplicates ${summary.duplicates}, quarantined/refused ${summary.rejected}`,
    ...summary.problems.map((problem) => `  #${problem.index} ${problem.code}: ${problem.reason}`),
  ];
  if (summary.rejected > summary.problems.length)
    lines.push(`  … ${summary.rejected - summary.problems.length} more (GET /api/ingest/quarantine)`);
  if (summary.accepted > 0) lines.push('  accepted messages are queued; the running server maps them');
  return lines.join('\n');
}
