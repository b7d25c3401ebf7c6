// Search results under the search box: hybrid (text + semantic) hits with their snippet, the
// query's words marked; a click opens the conversation at that message.
import { Fragment, useEffect, useState } from 'react';
import type { InkwellApi, SearchHit } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { Notice } from '../common/Notice';

const DEBOUNCE_MS = 180;

export function markTerms(snippet: string, query: string) {
  const terms = query
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (terms.length === 0) return snippet;
  const pattern = new RegExp(`(${terms.join('|')})`, 'gi');
  return snippet.split(pattern).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <Fragment key={i}>{part}</Fragment>));
}

export function SearchResults({ api, query, onOpen }: { api: InkwellApi; query: string; onOpen: (hit: SearchHit) => void }) {
  const { t } = useI18n();
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setHits(null);
    setError(null);
    const timer = setTimeout(async () => {
      const result = await api.search({ query, mode: 'hybrid', limit: 30 });
      if (!live) return;
      if (result.ok) setHits(result.value);
      else setError(result.error.message);
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, query]);

  return (
    <div className="search-results" data-testid="search-results" aria-live="polite">
      {error && <Notice tone="error">{error}</Notice>}
      {!error && hits === null && <p className="muted small">{t('search.searching')}</p>}
      {hits?.length === 0 && <p className="muted small">{t('search.none', { query })}</p>}
      {hits && hits.length > 0 && (
        <>
          <p className="visually-hidden">{t('search.results', { count: hits.length })}</p>
          <ul>
            {hits.map((hit) => (
              <li key={`${hit.conversationId}:${hit.messageId}`}>
                <button type="button" className="search-hit" data-testid="search-hit" onClick={() => onOpen(hit)}>
                  <span className="search-hit-title">{hit.title || t('nav.untitled')}</span>
                  <span className="search-hit-snippet">{markTerms(hit.snippet, query)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
