// The healed view's types live in shared/ (the renderer shows it too); re-exported for core code.
export type { HealedConversation, HealedMessage, HealedToolCall, MessageStatus } from '../../../shared/conversation';
