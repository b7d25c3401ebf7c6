// Adds a .gguf model for the built-in engine: the desktop's file dialog, or (in a browser, where
// the core runs on this same computer) the path of the file. Says what it added, or why not.
import { useEffect, useState } from 'react';
import type { InkwellApi } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { localModelsChanged } from '../../state/useLocalModels';
import { Icon } from '../common/Icon';
import { Notice } from '../common/Notice';

export function LocalModelImport({ api, primary = false, onAdded }: { api: InkwellApi; primary?: boolean; onAdded?: (name: string) => void }) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<boolean | null>(null);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.appInfo({}).then((info) => setDialog(info.ok && info.value.modelFileDialog));
  }, [api]);

  const add = async () => {
    setBusy(true);
    setError(null);
    const result = await api.importLocalModel(dialog ? {} : { path: path.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    if (result.value === null) return; // the dialog was cancelled
    setPath('');
    localModelsChanged();
    onAdded?.(result.value.name);
  };

  if (dialog === null) return null;
  const button = (
    <button type="submit" className={primary ? 'button primary' : 'button'} disabled={busy || (!dialog && path.trim() === '')}>
      <Icon name="plus" size={16} /> {busy ? t('models.adding') : t('models.add')}
    </button>
  );
  return (
    <form
      className="model-import"
      onSubmit={(event) => {
        event.preventDefault();
        void add();
      }}
    >
      {dialog ? (
        button
      ) : (
        <div className="field-row">
          <div className="field">
            <label htmlFor="model-path">{t('models.path')}</label>
            <input id="model-path" value={path} placeholder="/home/me/models/model.gguf" spellCheck={false} onChange={(e) => setPath(e.target.value)} />
          </div>
          {button}
        </div>
      )}
      {error && (
        <Notice tone="error" testId="model-import-error">
          {error}
        </Notice>
      )}
    </form>
  );
}
