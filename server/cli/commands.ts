import type { ParseArgsConfig } from 'node:util';
import type { Deps } from '../context.js';
import { userCommands } from './users.js';
import { projectCommands } from './projects.js';
import { tokenCommands } from './tokens.js';
import { backupCommand } from './backup.js';

export interface CliCommand {
  group: string;
  verb: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(deps: Deps, args: Record<string, string | boolean | undefined>): Promise<void>;
}

/** A command that opens no database itself (nor migrates one): it gets where the data lives. */
export interface StandaloneCommand extends Omit<CliCommand, 'run'> {
  standalone: true;
  run(env: { dataDir: string; databaseUrl?: string }, args: Record<string, string | boolean | undefined>): Promise<void>;
}

export const commands: (CliCommand | StandaloneCommand)[] = [...userCommands, ...projectCommands, ...tokenCommands, backupCommand];
