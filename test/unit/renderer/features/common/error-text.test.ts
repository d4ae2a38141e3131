import { beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../../../../shared/api/errors';
import { LANGUAGES } from '../../../../../shared/domain/i18n';
import { errorText } from '../../../../../renderer/src/features/common/error-text';
import { i18n, initI18n } from '../../../../../renderer/src/i18n';
import type { UserFacingErrorCode, WrapUpIncomplete } from '../../../../../renderer/src/store';

const codes: UserFacingErrorCode[] = [
  ...API_ERROR_CODES,
  'network',
  'timeout',
  'aborted',
  'bad_response',
  'session_expired',
  'wrap_up_incomplete',
  'unexpected',
];

describe('errorText', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });

  it('has a translated text for every error code in every language', async () => {
    for (const language of LANGUAGES) {
      await i18n.changeLanguage(language);
      for (const code of codes) {
        const text = errorText(i18n.t, { code, message: 'detail', retryAfterSeconds: null });
        // i18next answers a missing key with the key itself.
        expect(text, `${language} ${code}`).not.toMatch(/^errors\./);
      }
    }
  });

  it('tells apart a wrong password, an unreachable hub and rate limiting', async () => {
    await i18n.changeLanguage('en-US');
    const text = (code: UserFacingErrorCode) => errorText(i18n.t, { code, message: '', retryAfterSeconds: null });
    expect(text('unauthorized')).toMatch(/password/i);
    expect(text('network')).toMatch(/reach the hub/i);
    expect(text('rate_limited')).toMatch(/too many/i);
    expect(new Set([text('unauthorized'), text('network'), text('rate_limited'), text('timeout')]).size).toBe(4);
  });

  it('says how long to wait when the hub sent Retry-After', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(errorText(i18n.t, { code: 'rate_limited', message: '', retryAfterSeconds: 30 })).toContain('30 秒');
  });

  it('says what a wrap-up still lacks: the disposition, the script, or both', async () => {
    await i18n.changeLanguage('en-US');
    const text = (missing: WrapUpIncomplete['missing']) => {
      const error: WrapUpIncomplete = { code: 'wrap_up_incomplete', message: '', retryAfterSeconds: null, callId: 'c1', missing };
      return errorText(i18n.t, error);
    };
    expect(text(['disposition'])).toMatch(/disposition/i);
    expect(text(['disposition'])).not.toMatch(/script/i);
    expect(text(['script'])).toMatch(/script/i);
    expect(text(['script'])).not.toMatch(/disposition/i);
    expect(text(['disposition', 'script'])).toMatch(/disposition.*script/i);
  });
});
