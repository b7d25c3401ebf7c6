// The built-in engine's models (DATA/models), shared by every view that shows them: an import in
// Settings or on the welcome screen is seen by the chat's model picker at once.
import { useCallback, useEffect, useState } from 'react';
import type { InkwellApi } from '../../../shared/ipc/contract';
import type { LocalModelInfo } from '../../../shared/localModels';

const listeners = new Set<() => void>();

/** Tells every view that shows the models to read them again. */
export function localModelsChanged(): void {
  for (const listener of listeners) listener();
}

export function useLocalModels(api: InkwellApi): { models: readonly LocalModelInfo[]; dir: string; loaded: boolean; reload: () => void } {
  const [state, setState] = useState<{ models: readonly LocalModelInfo[]; dir: string; loaded: boolean }>({ models: [], dir: '', loaded: false });
  const load = useCallback(() => {
    void api.listLocalModels({}).then((result) => {
      if (result.ok) setState({ models: result.value.models, dir: result.value.dir, loaded: true });
      else setState((s) => ({ ...s, loaded: true }));
    });
  }, [api]);
  useEffect(() => {
    load();
    listeners.add(load);
    return () => {
      listeners.delete(load);
    };
  }, [load]);
  return { ...state, reload: localModelsChanged };
}
