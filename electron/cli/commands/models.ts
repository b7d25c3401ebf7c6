// inkwell models list [--json] | import PATH [--link] [--name NAME] | pull REF [--name NAME] [--sha256 HEX] | rm NAME
// The built-in engine's models in DATA/models: public weights, stored as they are (not encrypted).
import { pullModel } from '../../core/localEngine/modelDownload';
import { ModelStore, type ModelInfo } from '../../core/localEngine/modelStore';
import { printJson, write, type CliContext } from '../cliContext';
import { EXIT, UsageError } from '../exitCodes';
import { parseCommandArgs } from '../parseCommandArgs';

export async function runModels(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const models = new ModelStore(ctx.dataDir);
  switch (sub) {
    case 'list': {
      const { values } = parseCommandArgs('models list', rest, { json: { type: 'boolean' } });
      const list = await models.list();
      if (values.json === true) printJson(ctx, list);
      else if (list.length === 0) write(ctx.stdout, `No models yet. Add a .gguf with: inkwell models import PATH  (folder: ${models.dir})`);
      else for (const m of list) write(ctx.stdout, describe(m));
      return EXIT.ok;
    }
    case 'import': {
      const { values, positionals } = parseCommandArgs('models import', rest, { link: { type: 'boolean' }, name: { type: 'string' } });
      if (positionals.length !== 1) throw new UsageError('models import: give one .gguf file');
      const info = await models.import(positionals[0]!, { ...(values.link === true ? { link: true } : {}), ...(values.name !== undefined ? { name: values.name } : {}) });
      write(ctx.stdout, `${values.link === true ? 'Linked' : 'Imported'} ${describe(info)}`);
      return EXIT.ok;
    }
    case 'pull': {
      const { values, positionals } = parseCommandArgs('models pull', rest, { name: { type: 'string' }, sha256: { type: 'string' } });
      if (positionals.length !== 1) throw new UsageError('models pull: give one URL of a .gguf file or a Hugging Face reference (hf:user/repo:quant)');
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      let lastDrawn = 0;
      try {
        const info = await pullModel(models, positionals[0]!, {
          signal: controller.signal,
          ...(values.name !== undefined ? { name: values.name } : {}),
          ...(values.sha256 !== undefined ? { sha256: values.sha256 } : {}),
          onProgress: (p) => {
            // A bar on a terminal; on a pipe, one line now and then (stdout stays for the result).
            const now = Date.now();
            if (now - lastDrawn < (ctx.stderr.isTTY ? 100 : 2000) && p.downloadedBytes < p.totalBytes) return;
            lastDrawn = now;
            ctx.stderr.write(`${ctx.stderr.isTTY ? '\r' : ''}${pullLine(p)}${ctx.stderr.isTTY ? '\x1b[K' : '\n'}`);
          },
        });
        if (ctx.stderr.isTTY) ctx.stderr.write('\r\x1b[K');
        write(ctx.stdout, `Pulled ${describe(info)}`);
        return EXIT.ok;
      } finally {
        process.off('SIGINT', onSignal);
      }
    }
    case 'rm': {
      const { positionals } = parseCommandArgs('models rm', rest, {});
      if (positionals.length !== 1) throw new UsageError('models rm: give one model name (see inkwell models list)');
      models.remove(positionals[0]!);
      write(ctx.stdout, `Removed ${positionals[0]}.`);
      return EXIT.ok;
    }
    default:
      throw new UsageError('models: list, import PATH, pull REF or rm NAME');
  }
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

function pullLine(p: { downloadedBytes: number; totalBytes: number; bytesPerSecond: number; secondsLeft: number }): string {
  const ratio = p.totalBytes > 0 ? Math.min(1, p.downloadedBytes / p.totalBytes) : 0;
  const width = 30;
  const filled = Math.round(ratio * width);
  const left = Number.isFinite(p.secondsLeft) && p.secondsLeft > 0 ? `, ${Math.ceil(p.secondsLeft)} s left` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${mb(p.downloadedBytes)} of ${mb(p.totalBytes)} at ${mb(p.bytesPerSecond)}/s${left}`;
}

function describe(m: ModelInfo): string {
  const size = `${(m.bytes / 1024 ** 2).toFixed(m.bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`;
  if (m.problem !== undefined) return `${m.name}  ${size}  UNUSABLE: ${m.problem}`;
  const params = m.parameters === undefined ? '' : m.parameters >= 1e9 ? `${(m.parameters / 1e9).toFixed(1)}B` : `${(m.parameters / 1e6).toFixed(1)}M`;
  return [m.name, m.architecture, params, m.quantization, m.contextLength !== undefined ? `ctx ${m.contextLength}` : undefined, size].filter((p) => p !== undefined && p !== '').join('  ');
}
