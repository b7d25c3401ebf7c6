// Turns the core's usage rows into 30 day columns, each stacked by model.
import type { UsageDay } from '../../../../shared/ipc/contract';

export interface DayColumn {
  day: string;
  total: number;
  segments: { model: string; tokens: number; inputTokens: number; outputTokens: number }[];
}

export function lastDays(count: number, now: number): string[] {
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i--) days.push(new Date(now - i * 86_400_000).toISOString().slice(0, 10));
  return days;
}

export function dayColumns(rows: readonly UsageDay[], days: readonly string[]): { columns: DayColumn[]; models: string[] } {
  const models = [...new Set(rows.map((r) => r.model))].sort();
  const columns = days.map((day) => {
    const segments = models
      .map((model) => {
        const row = rows.filter((r) => r.day === day && r.model === model);
        const inputTokens = row.reduce((sum, r) => sum + r.inputTokens, 0);
        const outputTokens = row.reduce((sum, r) => sum + r.outputTokens, 0);
        return { model, tokens: inputTokens + outputTokens, inputTokens, outputTokens };
      })
      .filter((s) => s.tokens > 0);
    return { day, segments, total: segments.reduce((sum, s) => sum + s.tokens, 0) };
  });
  return { columns, models };
}

/** A round axis maximum: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
