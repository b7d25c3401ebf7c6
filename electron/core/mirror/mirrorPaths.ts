// Where the derived stores live under DATA (docs/design.md §3).
import * as path from 'node:path';
import { journalDirOf } from '../journal/journalStore';

export interface MirrorPaths {
  dataDir: string;
  journalDir: string;
  mirrorDir: string;
  db: string;
  /** The embedding cache: its own database, which rebuilds of mirror.db never touch. */
  embeddingsDb: string;
  vectorsDir: string;
}

/** `mirrorDir`: elsewhere than DATA/mirror only for a private copy read from a read-only DATA. */
export function mirrorPathsOf(dataDir: string, mirrorDir = path.join(dataDir, 'mirror')): MirrorPaths {
  return {
    dataDir,
    journalDir: journalDirOf(dataDir),
    mirrorDir,
    db: path.join(mirrorDir, 'mirror.db'),
    embeddingsDb: path.join(mirrorDir, 'embeddings.db'),
    vectorsDir: path.join(mirrorDir, 'vectors'),
  };
}
