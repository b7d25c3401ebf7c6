// DATA/settings.json: non-secret preferences only. API keys live in the key backend, never here.
import { z } from 'zod';
import { normalizeBaseUrl } from './baseUrl';

/** Normalised on the way in ("localhost:11434" → "http://localhost:11434"), refused in words if it can't be. */
const baseUrlSchema = z.string().transform((value, ctx) => {
  const checked = normalizeBaseUrl(value);
  if (checked.ok) return checked.url;
  ctx.addIssue({ code: 'custom', message: checked.message });
  return z.NEVER;
});

/**
 * A provider as settings.json holds it. Its base URL was checked when it was saved; one saved by an
 * older version that the check would refuse is kept as it is (Test connection says what is wrong),
 * since refusing it here would set the whole file aside and hide every provider.
 */
const storedProviderSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(['openai', 'anthropic', 'ollama']),
  label: z.string().min(1).max(100),
  baseUrl: z.string().min(1).transform((value) => {
    const checked = normalizeBaseUrl(value);
    return checked.ok ? checked.url : value;
  }),
  /** The model picked by default for new conversations with this provider. */
  defaultModel: z.string().max(200).optional(),
  /** Whether an API key is stored for it in the key backend (the key itself never is here). */
  hasApiKey: z.boolean().default(false),
});

/** A provider being saved (saveProvider): its base URL must pass the check. */
export const providerSettingsSchema = storedProviderSchema.extend({ baseUrl: baseUrlSchema });
export type ProviderSettings = z.infer<typeof providerSettingsSchema>;

const mcpServerSchema = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,48}$/),
  name: z.string().min(1).max(200),
  transport: z.enum(['stdio', 'http']),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  envKeys: z.array(z.string()).optional(),
  url: z.string().optional(),
  headerKeys: z.array(z.string()).optional(),
  enabled: z.boolean().default(true),
  extra: z.record(z.string(), z.unknown()).optional(),
});

export const settingsSchema = z.object({
  v: z.literal(1).default(1),
  keyBackend: z.enum(['keytar', 'safeStorage', 'passphrase']).default('keytar'),
  /** The user accepted Linux safeStorage's basic_text fallback knowingly. */
  allowBasicText: z.boolean().default(false),
  durability: z.enum(['fsync', 'flush']).default('fsync'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  language: z.enum(['en', 'ko']).default('en'),
  providers: z.array(storedProviderSchema).default([]),
  defaultProviderId: z.string().optional(),
  embedder: z
    .object({ kind: z.enum(['builtin', 'ollama', 'openai']), providerId: z.string().optional(), model: z.string().optional() })
    .default({ kind: 'builtin' }),
  /** MCP servers (shared/mcpConfig.ts); their secrets are in the key backend, never here. */
  mcpServers: z.array(mcpServerSchema).default([]),
  /**
   * Each MCP tool's trust, by its name as the model sees it (mcp__<server>__<tool>): ask before
   * each call (the default, when absent), ask once per conversation, always allow, or off (not
   * offered to the model).
   */
  mcpTrust: z.record(z.string(), z.enum(['ask', 'conversation', 'always', 'off'])).default({}),
  /** The built-in engine (electron/core/localEngine): how it runs the models in DATA/models. */
  engine: z
    .object({
      /** The engine's process ends (freeing the model's memory) this long after its last answer. */
      idleMinutes: z.number().int().min(1).max(24 * 60).default(5),
      /** Tokens of context per conversation, capped by what the model was trained for. */
      contextSize: z.number().int().min(256).max(262_144).default(4096),
      /** CPU threads; absent: chosen for this computer. */
      threads: z.number().int().min(1).max(256).optional(),
    })
    .default({ idleMinutes: 5, contextSize: 4096 }),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * A change to some settings: each field optional and WITHOUT its default. (zod's .partial() keeps
 * the defaults, so a one-field patch parsed with it came back with every other field set to its
 * default, and changing the language reset the theme.) Providers, MCP servers and the version are
 * not patched: they have channels of their own.
 */
const { providers: _providers, v: _v, mcpServers: _mcp, ...patchable } = settingsSchema.shape;
export const settingsPatchSchema = z
  .object(
    Object.fromEntries(Object.entries(patchable).map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()])) as {
      [K in keyof typeof patchable]: z.ZodOptional<(typeof patchable)[K] extends z.ZodDefault<infer T> ? T : (typeof patchable)[K]>;
    },
  )
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
