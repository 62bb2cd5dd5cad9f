import type { ParseArgsConfig } from 'node:util';
import type { Deps } from '../context.js';
import { userCommands } from './users.js';
import { projectCommands } from './projects.js';
import { tokenCommands } from './tokens.js';

export interface CliCommand {
  group: string;
  verb: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(deps: Deps, args: Record<string, string | boolean | undefined>): Promise<void>;
}

export const commands: CliCommand[] = [...userCommands, ...projectCommands, ...tokenCommands];
