// The built-in engine's models: .gguf files in DATA/models. Public weights, not user data, so they
// are stored as they are (docs/security.md). Import copies (or links) a file that reads as GGUF,
// durably (a partial copy never shows as a model); list says what each GGUF says about itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import type { LocalModelInfo } from '../../../shared/localModels';
import { ProviderError } from '../providers/providerError';
import { ensurePrivateDir, fsyncDir } from '../storage/durableFs';

export type ModelInfo = LocalModelInfo;

const SUFFIX = '.gguf';
const PARTIAL = '.partial';

export class ModelStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'models');
  }

  async list(): Promise<ModelInfo[]> {
    if (!fs.existsSync(this.dir)) return [];
    const names = fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith(SUFFIX))
      .sort();
    return Promise.all(names.map((file) => describeModel(path.join(this.dir, file))));
  }

  /** The names of the models the engine can run, in order. */
  async usableNames(): Promise<string[]> {
    return (await this.list()).filter((m) => m.problem === undefined).map((m) => m.name);
  }

  /** Whether there is a model of this name (a link whose file is gone included): no GGUF is read. */
  has(name: string): boolean {
    try {
      fs.lstatSync(path.join(this.dir, `${checkedName(name)}${SUFFIX}`));
      return true;
    } catch {
      return false;
    }
  }

  /** The file of a model by name; a name is never a path. */
  pathOf(name: string): string {
    let clean: string;
    try {
      clean = checkedName(name);
    } catch {
      throw new ProviderError('model_missing', `"${name}" is not the name of a built-in model.`, false);
    }
    const file = path.join(this.dir, `${clean}${SUFFIX}`);
    if (!fs.existsSync(file)) throw new ProviderError('model_missing', `There is no built-in model "${name}" (in ${this.dir}).`, false);
    return file;
  }

  /** Copies (or links) a .gguf into the models folder after checking it reads as GGUF. */
  async import(source: string, options: { link?: boolean; name?: string } = {}): Promise<ModelInfo> {
    const from = path.resolve(source);
    if (!fs.existsSync(from)) throw new AppError('not_found', `There is no file ${from}.`);
    const info = await describeModel(from);
    if (info.problem !== undefined) throw new AppError('invalid_request', `${path.basename(from)} is not a model the built-in engine can use: ${info.problem}`);
    const name = checkedName(options.name ?? path.basename(from).replace(/\.gguf$/i, ''));
    ensurePrivateDir(this.dir);
    const to = path.join(this.dir, `${name}${SUFFIX}`);
    if (fs.existsSync(to)) throw new AppError('invalid_request', `A model named "${name}" is there already: remove it first, or import under another name.`);
    if (options.link === true) fs.symlinkSync(from, to);
    else {
      const partial = `${to}${PARTIAL}`;
      // A model is gigabytes: copied and synced off the main thread (fs.promises runs on the pool).
      try {
        await fs.promises.copyFile(from, partial);
        const handle = await fs.promises.open(partial, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.promises.rename(partial, to);
      } catch (error) {
        fs.rmSync(partial, { force: true });
        throw new AppError('storage_failed', `Could not copy the model into ${this.dir}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    fsyncDir(this.dir);
    return { ...info, name };
  }

  /** Removes a model; a link whose file is gone is removed too (only the link). */
  remove(name: string): void {
    if (!this.has(name)) throw new AppError('not_found', `There is no built-in model "${name}".`);
    const file = path.join(this.dir, `${checkedName(name)}${SUFFIX}`);
    fs.rmSync(file);
    fsyncDir(this.dir);
  }
}

/** A model's name, checked: it names a file in the models folder, so it is never a path. */
export function checkedName(name: string): string {
  const clean = name.trim();
  if (clean === '' || clean.length > 200 || /[\\/\0]/.test(clean) || clean.startsWith('.')) {
    throw new AppError('invalid_request', `"${name}" is not a model name (no slashes, not starting with a dot).`);
  }
  return clean;
}

/** What the GGUF says about itself (node-llama-cpp reads the header; nothing is loaded). */
export async function describeModel(file: string): Promise<ModelInfo> {
  const name = path.basename(file).replace(/\.gguf$/i, '');
  let bytes = 0;
  try {
    bytes = fs.statSync(file).size;
  } catch (error) {
    // A linked model whose file moved away (or a drive unplugged): listed, and removable.
    return { name, bytes, problem: `its file is not there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  try {
    const { readGgufFileInfo, GgufInsights } = await import('node-llama-cpp');
    const gguf = await readGgufFileInfo(file, { logWarnings: false });
    const insights = await GgufInsights.from(gguf);
    const info: ModelInfo = { name, bytes, architecture: gguf.metadata.general.architecture, parameters: insights.totalParameters };
    const type = insights.dominantTensorType;
    if (type !== undefined) info.quantization = ggmlTypeName(type);
    if (insights.trainContextSize !== undefined) info.contextLength = insights.trainContextSize;
    if (insights.modelSize > bytes) info.problem = `the file is cut short: its tensors need ${insights.modelSize.toLocaleString('en-US')} bytes and it has ${bytes.toLocaleString('en-US')}`;
    return info;
  } catch (error) {
    return { name, bytes, problem: `it does not read as GGUF (${error instanceof Error ? error.message : String(error)})` };
  }
}

const GGML_TYPES: Record<number, string> = { 0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 6: 'Q5_0', 7: 'Q5_1', 8: 'Q8_0', 10: 'Q2_K', 11: 'Q3_K', 12: 'Q4_K', 13: 'Q5_K', 14: 'Q6_K', 30: 'BF16' };

function ggmlTypeName(type: number): string {
  return GGML_TYPES[type] ?? `type ${type}`;
}
