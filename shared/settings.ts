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

export const providerSettingsSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(['openai', 'anthropic', 'ollama']),
  label: z.string().min(1).max(100),
  baseUrl: baseUrlSchema,
  /** The model picked by default for new conversations with this provider. */
  defaultModel: z.string().max(200).optional(),
  /** Whether an API key is stored for it in the key backend (the key itself never is here). */
  hasApiKey: z.boolean().default(false),
});
export type ProviderSettings = z.infer<typeof providerSettingsSchema>;

export const settingsSchema = z.object({
  v: z.literal(1).default(1),
  keyBackend: z.enum(['keytar', 'safeStorage', 'passphrase']).default('keytar'),
  /** The user accepted Linux safeStorage's basic_text fallback knowingly. */
  allowBasicText: z.boolean().default(false),
  durability: z.enum(['fsync', 'flush']).default('fsync'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  language: z.enum(['en', 'ko']).default('en'),
  providers: z.array(providerSettingsSchema).default([]),
  defaultProviderId: z.string().optional(),
  embedder: z
    .object({ kind: z.enum(['builtin', 'ollama', 'openai']), providerId: z.string().optional(), model: z.string().optional() })
    .default({ kind: 'builtin' }),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * A change to some settings: each field optional and WITHOUT its default. (zod's .partial() keeps
 * the defaults, so a one-field patch parsed with it came back with every other field set to its
 * default, and changing the language reset the theme.) Providers and the version are not patched.
 */
const { providers: _providers, v: _v, ...patchable } = settingsSchema.shape;
export const settingsPatchSchema = z
  .object(
    Object.fromEntries(Object.entries(patchable).map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()])) as {
      [K in keyof typeof patchable]: z.ZodOptional<(typeof patchable)[K] extends z.ZodDefault<infer T> ? T : (typeof patchable)[K]>;
    },
  )
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
