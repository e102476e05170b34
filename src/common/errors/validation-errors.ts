import type { ValidationError } from '@nestjs/common';
import { InvalidInputError } from './domain-error.js';

/** class-validator's findings as one line per problem; nested fields are named by their path. */
export function validationProblems(errors: ValidationError[], parent?: string): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      parent ? `${parent}.${message}` : message,
    );
    return [...own, ...validationProblems(error.children ?? [], path)];
  });
}

/** ValidationPipe's exceptionFactory: the same 400 body as every other invalid input. */
export const invalidInput = (errors: ValidationError[]) => new InvalidInputError(validationProblems(errors));
