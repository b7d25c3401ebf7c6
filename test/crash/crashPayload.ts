// The text a crash-test delta carries, derived from its id, so the parent can check it read back intact.
export function payloadOf(eventId: string): string {
  return `payload:${eventId}:${'x'.repeat(eventId.charCodeAt(eventId.length - 1) % 97)}`;
}
