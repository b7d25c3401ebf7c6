// Usage: tokens per day per model over the last 30 days, as a stacked bar chart drawn in SVG,
// with the same numbers as a table for screen readers and for reading exact values.
import { useEffect, useState } from 'react';
import type { InkwellApi, UsageDay } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { formatCompact, formatNumber } from '../../lib/format';
import { Notice } from '../common/Notice';
import { dayColumns, lastDays, niceMax } from './usageChart';

const DAYS = 30;
const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 48, right: 8, top: 12, bottom: 28 };
const palette = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)', 'var(--chart-6)'];

export function UsageView({ api, now = Date.now() }: { api: InkwellApi; now?: number }) {
  const { t, language } = useI18n();
  const [rows, setRows] = useState<UsageDay[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.usage({ days: DAYS }).then((result) => (result.ok ? setRows(result.value) : setError(result.error.message)));
  }, [api]);

  const days = lastDays(DAYS, now);
  const { columns, models } = dayColumns(rows ?? [], days);
  const max = niceMax(Math.max(0, ...columns.map((c) => c.total)));
  const total = columns.reduce((sum, c) => sum + c.total, 0);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / DAYS;
  const barW = Math.max(4, slot * 0.62);
  const y = (tokens: number) => PAD.top + plotH - (tokens / max) * plotH;
  const colorOf = (model: string) => palette[models.indexOf(model) % palette.length];
  const shortDay = (day: string) => new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

  return (
    <div className="page" data-testid="usage-view">
      <header className="page-header">
        <h1>{t('usage.title')}</h1>
        <p className="muted">{t('usage.subtitle')}</p>
      </header>
      <div className="page-body">
        {error && <Notice tone="error">{error}</Notice>}
        {!rows && !error && (
          <p className="muted loading-line" role="status" data-testid="usage-loading">
            {t('usage.loading')}
          </p>
        )}
        {rows && (
          <section className="settings-section">
            <p className="usage-total">{total === 0 ? t('usage.none') : t('usage.total', { tokens: formatNumber(total, language) })}</p>
            <svg className="usage-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('usage.chartLabel')} data-testid="usage-chart">
              {[0, 0.5, 1].map((f) => (
                <g key={f}>
                  <line className="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * f)} y2={y(max * f)} />
                  <text className="axis" x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end">
                    {formatCompact(max * f, language)}
                  </text>
                </g>
              ))}
              {columns.map((column, i) => {
                let base = 0;
                const x = PAD.left + i * slot + (slot - barW) / 2;
                return (
                  <g key={column.day}>
                    {column.segments.map((s) => {
                      const top = y(base + s.tokens);
                      const height = y(base) - top;
                      base += s.tokens;
                      return (
                        <rect key={s.model} x={x} y={top} width={barW} height={Math.max(1, height)} rx={2} fill={colorOf(s.model)}>
                          <title>{`${shortDay(column.day)} · ${s.model}: ${formatNumber(s.tokens, language)}`}</title>
                        </rect>
                      );
                    })}
                    {(DAYS - 1 - i) % 7 === 0 && (
                      <text className="axis" x={x + barW / 2} y={HEIGHT - 8} textAnchor="middle">
                        {shortDay(column.day)}
                      </text>
                    )}
                  </g>
                );
              })}
            </svg>
            {models.length > 0 && (
              <ul className="chart-legend">
                {models.map((model) => (
                  <li key={model}>
                    <span className="swatch" style={{ background: colorOf(model) }} aria-hidden="true" />
                    {model}
                  </li>
                ))}
              </ul>
            )}
            {total > 0 && (
              <details className="usage-table">
                <summary>{t('usage.table')}</summary>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('usage.day')}</th>
                      <th scope="col">{t('usage.model')}</th>
                      <th scope="col">{t('usage.input')}</th>
                      <th scope="col">{t('usage.output')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {columns.flatMap((c) =>
                      c.segments.map((s) => (
                        <tr key={`${c.day}:${s.model}`}>
                          <td>{c.day}</td>
                          <td>{s.model}</td>
                          <td>{formatNumber(s.inputTokens, language)}</td>
                          <td>{formatNumber(s.outputTokens, language)}</td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              </details>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
