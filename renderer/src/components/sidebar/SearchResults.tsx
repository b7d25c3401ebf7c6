// Search results under the search box: one row per conversation with its best hits under it (a
// click on a hit opens the conversation at that message), the query's words marked in plain
// snippets, and the mode in sight: by text, by meaning, or both (hybrid, the default).
import { Fragment, useEffect, useState } from 'react';
import type { InkwellApi, SearchHit } from '../../../../shared/ipc/contract';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { Notice } from '../common/Notice';

const DEBOUNCE_MS = 180;
/** Hits asked for; grouped, that is fewer rows. */
const LIMIT = 30;
/** Hits shown under one conversation. */
const PER_CONVERSATION = 3;

export type SearchMode = 'hybrid' | 'text' | 'semantic';
const modes: { mode: SearchMode; label: MessageKey }[] = [
  { mode: 'hybrid', label: 'search.modeBoth' },
  { mode: 'text', label: 'search.modeText' },
  { mode: 'semantic', label: 'search.modeMeaning' },
];

export function markTerms(snippet: string, query: string) {
  const terms = query
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (terms.length === 0) return snippet;
  const pattern = new RegExp(`(${terms.join('|')})`, 'gi');
  return snippet.split(pattern).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <Fragment key={i}>{part}</Fragment>));
}

/** Hits by conversation, in the order of each conversation's best hit. */
export interface HitGroup {
  conversationId: string;
  title: string;
  hits: SearchHit[];
  /** Hits in this conversation beyond those shown. */
  more: number;
}

export function groupHits(hits: readonly SearchHit[]): HitGroup[] {
  const groups = new Map<string, HitGroup>();
  for (const hit of hits) {
    const group: HitGroup = groups.get(hit.conversationId) ?? { conversationId: hit.conversationId, title: hit.title ?? '', hits: [], more: 0 };
    if (group.hits.length < PER_CONVERSATION) group.hits.push(hit);
    else group.more++;
    groups.set(hit.conversationId, group);
  }
  return [...groups.values()];
}

export function SearchResults({ api, query, onOpen }: { api: InkwellApi; query: string; onOpen: (hit: SearchHit) => void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<SearchMode>('hybrid');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setHits(null);
    setError(null);
    const timer = setTimeout(async () => {
      const result = await api.search({ query, mode, limit: LIMIT });
      if (!live) return;
      if (result.ok) setHits(result.value);
      else setError(result.error.message);
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, query, mode]);

  const groups = hits ? groupHits(hits) : [];
  return (
    <div className="search-results" data-testid="search-results">
      <div className="search-modes" role="group" aria-label={t('search.mode')}>
        {modes.map((m) => (
          <button key={m.mode} type="button" className={mode === m.mode ? 'chip small active' : 'chip small'} aria-pressed={mode === m.mode} onClick={() => setMode(m.mode)}>
            {t(m.label)}
          </button>
        ))}
      </div>
      <div aria-live="polite">
        {error && <Notice tone="error">{error}</Notice>}
        {!error && hits === null && <p className="muted small">{t('search.searching')}</p>}
        {hits?.length === 0 && <p className="muted small">{t('search.none', { query })}</p>}
        {groups.length > 0 && <p className="visually-hidden">{groups.length === 1 ? t('search.resultsOne') : t('search.results', { count: groups.length })}</p>}
      </div>
      {groups.length > 0 && (
        <ul>
          {groups.map((group) => (
            <li key={group.conversationId} className="search-group" data-testid="search-group">
              <span className="search-hit-title">{group.title || t('nav.untitled')}</span>
              {group.hits.map((hit) => (
                <button key={hit.messageId} type="button" className="search-hit" data-testid="search-hit" onClick={() => onOpen(hit)}>
                  <span className="search-hit-snippet">{markTerms(hit.snippet, query)}</span>
                </button>
              ))}
              {group.more > 0 && <span className="muted small search-more">{t('search.more', { count: group.more })}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
