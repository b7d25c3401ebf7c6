// Settings from the core, with a reload for after provider changes.
import { useCallback, useEffect, useState } from 'react';
import type { InkwellApi } from '../../../shared/ipc/contract';
import type { Settings } from '../../../shared/settings';

export function useSettings(api: InkwellApi) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const result = await api.getSettings({});
    if (result.ok) {
      setSettings(result.value);
      setError(null);
    } else {
      setError(result.error.message);
    }
  }, [api]);

  const update = useCallback(
    async (patch: Partial<Omit<Settings, 'providers' | 'v'>>) => {
      setSettings((s) => (s ? { ...s, ...patch } : s));
      const result = await api.updateSettings(patch);
      if (result.ok) setSettings(result.value);
      else setError(result.error.message);
      return result;
    },
    [api],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  return { settings, error, reload, update };
}
