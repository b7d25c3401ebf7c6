import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import boundaries of DESIGN §2', () => {
  it('refuses electron in the renderer', async () => {
    expect(await boundaryErrors('renderer/src/Bad.tsx', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n")).not.toEqual([]);
  });

  it('refuses node: built-ins in the renderer', async () => {
    expect(await boundaryErrors('renderer/src/bad.ts', "import fs from 'node:fs';\nvoid fs;\n")).not.toEqual([]);
  });

  it('refuses electron/core in the renderer', async () => {
    const source = "import { dispatch } from '../../electron/core/api/dispatch';\nvoid dispatch;\n";
    expect(await boundaryErrors('renderer/src/bad.ts', source)).not.toEqual([]);
  });

  it('refuses electron in the core and the CLI', async () => {
    expect(await boundaryErrors('electron/core/bad.ts', "import { app } from 'electron';\nvoid app;\n")).not.toEqual([]);
    expect(await boundaryErrors('electron/cli/bad.ts', "import { app } from 'electron';\nvoid app;\n")).not.toEqual([]);
  });

  it('refuses node: and runtime layers in shared/', async () => {
    expect(await boundaryErrors('shared/bad.ts', "import path from 'node:path';\nvoid path;\n")).not.toEqual([]);
    expect(await boundaryErrors('shared/bad.ts', "import { x } from '../electron/core/x';\nvoid x;\n")).not.toEqual([]);
  });

  it('allows electron in main and preload', async () => {
    expect(await boundaryErrors('electron/main/ok.ts', "import { app } from 'electron';\nvoid app;\n")).toEqual([]);
    expect(await boundaryErrors('electron/preload/ok.ts', "import { contextBridge } from 'electron';\nvoid contextBridge;\n")).toEqual([]);
  });

  it('fails `eslint` as a command on a forbidden import', async () => {
    const [result] = await eslint.lintText("import { app } from 'electron';\nvoid app;\n", { filePath: path.join(root, 'renderer/src/Bad.tsx') });
    expect(result?.errorCount).toBeGreaterThan(0);
  });
});
