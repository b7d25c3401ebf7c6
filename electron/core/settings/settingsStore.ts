// Reads and writes DATA/settings.json. A missing file means defaults; an unreadable one is kept
// aside (settings.json.broken-<time>) and replaced by defaults, so a bad edit never blocks startup.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { settingsSchema, type Settings } from '../../../shared/settings';
import { writeFileAtomic } from '../storage/durableFs';

export class SettingsStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json');
  }

  read(): Settings {
    if (!existsSync(this.file)) return settingsSchema.parse({});
    try {
      return settingsSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (error) {
      const aside = `${this.file}.broken-${Date.now()}`;
      renameSync(this.file, aside);
      console.warn(`Inkwell: ${this.file} was unreadable (${(error as Error).message}); kept as ${aside}, using defaults.`);
      return settingsSchema.parse({});
    }
  }

  update(change: (current: Settings) => Settings): Settings {
    const next = settingsSchema.parse(change(this.read()));
    writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n');
    return next;
  }
}
