// One command's arguments, parsed strictly: an unknown flag or a missing value is a usage error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exitCodes';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.replace(/\. To specify.*$/s, '')}`);
  }
}

export function oneOf<T extends string>(command: string, flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${command}: --${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}
