import { InvalidArgumentError, type Command } from 'commander';
import { KeyRotationService } from '../../crypto/key-rotation.service.js';
import { withAppContext } from '../cli-context.js';

const positiveInt = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return number;
};

export function registerKeysRotate(program: Command): void {
  program
    .command('keys:rotate')
    .description(
      'new KEK version, rewrap every data key under it (resumable: run again after an interruption), then retire the old version',
    )
    .option('--batch-size <n>', 'keys rewrapped per committed batch', positiveInt, 200)
    .option('--throttle-ms <ms>', 'pause between batches, to spare a busy database', positiveInt, 0)
    .action(async (options: { batchSize: number; throttleMs: number }) => {
      const result = await withAppContext((context) =>
        context.get(KeyRotationService).rotate({
          batchSize: Math.max(1, options.batchSize),
          throttleMs: options.throttleMs,
          onProgress: ({ rewrapped, remaining }) =>
            process.stdout.write(`rewrapped ${rewrapped} keys, ${remaining} remaining\n`),
        }),
      );
      console.log(
        `${result.resumed ? 'resumed and completed' : 'completed'} rotation ${result.rotationId}: ` +
          `primary KEK ${result.targetKekVersion}, ${result.rewrapped} keys rewrapped, ` +
          `retired: ${result.retiredVersions.join(', ') || 'none'}`,
      );
    });
}
