// vectra's FileStorage over a real directory, with every file sealed by AES-256-GCM under the
// vectors key (HKDF(master, "inkwell/vectors/v1")) and written atomically: temp file, fsync,
// rename, directory fsync. The AAD binds each file to its name, so files cannot be swapped.
// A file that fails to open (0 bytes, truncated, garbage, another key) is a `corrupt` error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileDetails, FileStorage, ListFilesFilter } from 'vectra';
import { AppError } from '../../../shared/ipc/result';
import { NONCE_BYTES, openAesGcm, sealAesGcmChunks } from '../crypto/aesGcm';
import { ensurePrivateDir, writeFileAtomic } from '../storage/durableFs';

const MAGIC = Buffer.from('IKV1', 'ascii');

const asBytes = (content: Buffer | string): Buffer => (typeof content === 'string' ? Buffer.from(content, 'utf8') : content);

export class EncryptedFileStorage implements FileStorage {
  constructor(private readonly key: Buffer) {}

  private aad(filePath: string): Buffer {
    return Buffer.from(`inkwell/vectors/v1\0${path.basename(filePath)}`, 'utf8');
  }

  /** The file's bytes, in pieces: magic, nonce, then the sealed content (see sealAesGcmChunks). */
  *sealedPieces(filePath: string, pieces: Iterable<Uint8Array>): Generator<Buffer> {
    const nonce = randomBytes(NONCE_BYTES);
    yield Buffer.concat([MAGIC, nonce]);
    yield* sealAesGcmChunks(this.key, pieces, this.aad(filePath), nonce);
  }

  seal(filePath: string, content: Buffer | string): Buffer {
    return Buffer.concat([...this.sealedPieces(filePath, [asBytes(content)])]);
  }

  open(filePath: string, data: Buffer): Buffer {
    const head = MAGIC.length + NONCE_BYTES;
    const plain =
      data.length > head && data.subarray(0, MAGIC.length).equals(MAGIC)
        ? openAesGcm(this.key, data.subarray(MAGIC.length, head), data.subarray(head), this.aad(filePath))
        : null;
    if (plain === null) throw new AppError('corrupt', `The vector index file ${path.basename(filePath)} is damaged or was written with another key (${data.length} bytes).`);
    return plain;
  }

  async createFile(filePath: string, content: Buffer | string): Promise<void> {
    if (fs.existsSync(filePath)) throw new Error(`File already exists: ${filePath}`);
    await this.upsertFile(filePath, content);
  }

  async createFolder(folderPath: string): Promise<void> {
    ensurePrivateDir(folderPath);
  }

  async deleteFile(filePath: string): Promise<void> {
    fs.rmSync(filePath, { force: true });
  }

  async deleteFolder(folderPath: string): Promise<void> {
    fs.rmSync(folderPath, { recursive: true, force: true });
  }

  async getDetails(fileOrFolderPath: string): Promise<FileDetails> {
    const st = fs.statSync(fileOrFolderPath);
    return { name: path.basename(fileOrFolderPath), path: fileOrFolderPath, isFolder: st.isDirectory() };
  }

  async listFiles(folderPath: string, filter: ListFilesFilter = 'all'): Promise<FileDetails[]> {
    return fs
      .readdirSync(folderPath, { withFileTypes: true })
      .filter((d) => filter === 'all' || (filter === 'folders') === d.isDirectory())
      .map((d) => ({ name: d.name, path: path.join(folderPath, d.name), isFolder: d.isDirectory() }));
  }

  async pathExists(fileOrFolderPath: string): Promise<boolean> {
    return fs.existsSync(fileOrFolderPath);
  }

  async readFile(filePath: string): Promise<Buffer> {
    return this.open(filePath, fs.readFileSync(filePath));
  }

  /** upsertFile for content produced in pieces (encodeIndexFile): sealed and written as they come. */
  async upsertFileFromPieces(filePath: string, pieces: Iterable<Uint8Array>): Promise<void> {
    ensurePrivateDir(path.dirname(filePath));
    writeFileAtomic(filePath, this.sealedPieces(filePath, pieces));
  }

  async upsertFile(filePath: string, content: Buffer | string): Promise<void> {
    return this.upsertFileFromPieces(filePath, [asBytes(content)]);
  }
}
