import { z } from 'zod';

/** zh-CN is the console's first language; en-US stands beside it. */
export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
