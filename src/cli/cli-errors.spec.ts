import { ConfigError } from '../config/load-config.js';
import { describeCliError } from './cli-errors.js';

describe('describeCliError', () => {
  it('prints a known error as its message, with or without --debug', () => {
    const error = new ConfigError(['PORT: expected a number']);
    expect(describeCliError(error, false)).toBe(`anamnesis: ${error.message}`);
    expect(describeCliError(error, true)).toBe(`anamnesis: ${error.message}`);
  });

  it('names the file and the problem of a failed file operation', () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/root/x.hl7'"), {
      code: 'EACCES',
      path: '/root/x.hl7',
    });
    expect(describeCliError(error, false)).toBe('anamnesis: /root/x.hl7: permission denied');
  });

  it('keeps an unexpected error to one line unless --debug asks for the stack', () => {
    const error = new TypeError('cannot read properties of undefined');
    const line = describeCliError(error, false);
    expect(line).toBe(
      'anamnesis: unexpected error: cannot read properties of undefined (run again with --debug for the stack trace)',
    );
    expect(line).not.toContain('\n');
    expect(describeCliError(error, true)).toContain('\n    at ');
  });
});
