import type { Tool } from './tool';

export function currentTimeTool(now: () => Date = () => new Date()): Tool {
  return {
    spec: {
      name: 'current_time',
      description: "The current date and time on the user's computer, with its time zone.",
      inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    },
    async run() {
      const date = now();
      return {
        iso: date.toISOString(),
        local: date.toString(),
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      };
    },
  };
}
