// inkwell models list [--json] | import PATH [--link] [--name NAME] | rm NAME
// The built-in engine's models in DATA/models: public weights, stored as they are (not encrypted).
import { AppError } from '../../../shared/ipc/result';
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
    case 'rm': {
      const { positionals } = parseCommandArgs('models rm', rest, {});
      if (positionals.length !== 1) throw new UsageError('models rm: give one model name (see inkwell models list)');
      if (!(await models.list()).some((m) => m.name === positionals[0])) throw new AppError('not_found', `There is no built-in model "${positionals[0]}".`);
      models.remove(positionals[0]!);
      write(ctx.stdout, `Removed ${positionals[0]}.`);
      return EXIT.ok;
    }
    default:
      throw new UsageError('models: list, import PATH or rm NAME');
  }
}

function describe(m: ModelInfo): string {
  const size = `${(m.bytes / 1024 ** 2).toFixed(m.bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`;
  if (m.problem !== undefined) return `${m.name}  ${size}  UNUSABLE: ${m.problem}`;
  const params = m.parameters === undefined ? '' : m.parameters >= 1e9 ? `${(m.parameters / 1e9).toFixed(1)}B` : `${(m.parameters / 1e6).toFixed(1)}M`;
  return [m.name, m.architecture, params, m.quantization, m.contextLength !== undefined ? `ctx ${m.contextLength}` : undefined, size].filter((p) => p !== undefined && p !== '').join('  ');
}
