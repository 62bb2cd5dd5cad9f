import type { StandaloneCommand } from './commands.js';
import { backupSqlite, POSTGRES_BACKUP_ADVICE } from '../services/backup.js';

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * `npm run triad -- backup --out FILE`: a consistent copy of the live SQLite database (services/backup.ts).
 * It opens nothing else, migrates nothing and writes nothing but FILE, so it is safe beside a running server.
 */
export const backupCommand: StandaloneCommand = {
  group: 'backup', verb: '', standalone: true,
  usage: '--out FILE   copy the SQLite database while the server runs (on PostgreSQL: prints the pg_dump command)',
  options: { out: { type: 'string' } },
  async run(env, a) {
    if (typeof a.out !== 'string' || !a.out) throw new Error('--out is required: the file to write the backup to');
    if (env.databaseUrl) {
      console.log(POSTGRES_BACKUP_ADVICE(a.out));
      process.exitCode = 2;
      return;
    }
    const s = backupSqlite(env.dataDir, a.out);
    console.log(`Backed up ${env.dataDir}/triad.sqlite to ${s.file} (${mb(s.bytes)}, ${(s.ms / 1000).toFixed(1)} s, integrity checked):`);
    console.log(`  ${s.counts.projects} projects, ${s.counts.rows} rows, ${s.counts.answers} answers, ${s.counts.finals} finals, ${s.counts.media} media files`);
    console.log(`Media files are not in it: copy ${env.dataDir}/media too, after this backup (README, "Backups").`);
  },
};
