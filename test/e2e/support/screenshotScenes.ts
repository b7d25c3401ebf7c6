// The content shown in the documentation screenshots: a history of conversations (English and
// Korean) with markdown, code, math and tables, and a month of token usage across three models.
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { seedConversation, type SeedTurn } from './seed';

const DAY = 86_400_000;

export const haversineAnswer = [
  'The **haversine formula** gives the great-circle distance between two points on a sphere from their latitudes and longitudes:\n\n',
  '$$\nd = 2r \\arcsin\\sqrt{\\sin^2\\frac{\\Delta\\varphi}{2} + \\cos\\varphi_1\\cos\\varphi_2\\sin^2\\frac{\\Delta\\lambda}{2}}\n$$\n\n',
  'In TypeScript:\n\n',
  '```ts\nconst EARTH_RADIUS_KM = 6371;\n\nexport function haversine(a: LatLng, b: LatLng): number {\n  const toRad = (deg: number) => (deg * Math.PI) / 180;\n  const dLat = toRad(b.lat - a.lat);\n  const dLng = toRad(b.lng - a.lng);\n  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;\n  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));\n}\n```\n\n',
  '| From | To | Distance |\n| --- | --- | ---: |\n| Seoul | Busan | 325 km |\n| Seoul | Tokyo | 1,158 km |\n\n',
  'It assumes a perfect sphere; for sub-metre accuracy use *Vincenty* on the WGS-84 ellipsoid.',
];

const koreanTurns: SeedTurn[] = [
  {
    user: '하버사인 공식이 뭔지 간단히 설명해 줄래?',
    assistant: [
      '**하버사인 공식**은 구 위의 두 점 사이의 대원 거리를 위도와 경도로 계산하는 공식입니다.\n\n',
      '$$\nd = 2r \\arcsin\\sqrt{\\sin^2\\frac{\\Delta\\varphi}{2} + \\cos\\varphi_1\\cos\\varphi_2\\sin^2\\frac{\\Delta\\lambda}{2}}\n$$\n\n',
      '1. 위도와 경도를 라디안으로 바꿉니다.\n2. 차이 $\\Delta\\varphi$, $\\Delta\\lambda$를 구합니다.\n3. 지구 반지름 $r \\approx 6371\\,\\text{km}$를 곱합니다.\n\n',
      '```python\nfrom math import asin, cos, radians, sin, sqrt\n\ndef haversine(lat1, lng1, lat2, lng2):\n    dlat, dlng = radians(lat2 - lat1), radians(lng2 - lng1)\n    h = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlng / 2) ** 2\n    return 2 * 6371 * asin(sqrt(h))\n```\n\n',
      '| 출발 | 도착 | 거리 |\n| --- | --- | ---: |\n| 서울 | 부산 | 325 km |\n| 서울 | 도쿄 | 1,158 km |',
    ].join(''),
    model: 'fake-large',
    usage: { inputTokens: 42, outputTokens: 318 },
  },
];

const sidebarHistory: { title: string; user: string; assistant: string; pinned?: boolean }[] = [
  { title: 'Trip plan: Jeju in October', user: 'Plan three calm days on Jeju.', assistant: 'Day 1: Hallasan at sunrise…', pinned: true },
  { title: 'Rust lifetimes, explained', user: 'Why does the borrow checker reject this?', assistant: 'Because the reference outlives…' },
  { title: 'SQL window functions', user: 'Running total per customer?', assistant: 'Use `SUM(amount) OVER (PARTITION BY customer ORDER BY day)`.' },
  { title: 'Sourdough schedule', user: 'A weekend schedule for a 75% hydration loaf?', assistant: 'Friday 9 pm: feed the starter…' },
  { title: '회의록 요약', user: '이 회의록을 세 줄로 요약해 줘.', assistant: '1. 출시일은 11월로 확정…' },
];

/** Seeds the history; returns the ids of the English and Korean showcase conversations. */
export async function seedScreenshotHistory(core: InkwellCore, now = Date.now()): Promise<{ korean: string }> {
  // A month of usage, on three models, in a dedicated conversation (old turns, newest last).
  const models = ['fake-small', 'fake-large', 'llama3.2'];
  const usageTurns: SeedTurn[] = [];
  for (let day = 29; day >= 1; day--) {
    const activity = 0.35 + 0.65 * Math.abs(Math.sin(day * 1.7));
    models.forEach((model, m) => {
      if ((day + m) % 4 === 0) return;
      usageTurns.push({
        user: `Day ${day} question`,
        assistant: 'An answer.',
        model,
        at: now - day * DAY + m * 1000,
        usage: { inputTokens: Math.round(900 * activity * (m + 1)), outputTokens: Math.round(2400 * activity * (3 - m)) },
      });
    });
  }
  await seedConversation(core, 'Weekly reading notes', usageTurns, { startAt: now - 30 * DAY });
  for (const [i, item] of sidebarHistory.entries()) {
    await seedConversation(core, item.title, [{ user: item.user, assistant: item.assistant }], { pinned: item.pinned ?? false, startAt: now - (i + 1) * 3_600_000 });
  }
  const korean = await seedConversation(core, '하버사인 공식 설명', koreanTurns, { startAt: now - 600_000 });
  return { korean };
}
