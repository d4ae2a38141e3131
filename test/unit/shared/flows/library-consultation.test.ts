import { describe, expect, it } from 'vitest';
import { drive, libraryFlow } from './library-driver';

describe('consultation (业务咨询)', () => {
  it('greets the customer by name, and politely when the caller is unknown', () => {
    expect(drive('consultation').say()).toMatch(/^张伟，您好！.*我是李娜/);
    expect(drive('consultation', {}).say()).toMatch(/^尊敬的客户，您好！.*我是客服代表/);
    expect(drive('consultation', {}, 'en-US').say()).toMatch(/^Hello and welcome!/);
  });

  it('answers from the knowledge base and closes with consult-answered', () => {
    const call = drive('consultation').walk({ need: 'returns', answered: true });
    expect(call.shown).toEqual(['greet', 'answer', 'close']);
    expect(call.say('answer')).toContain('退换货政策');
    expect(call.actions).toEqual([{ type: 'set_disposition', code: 'consult-answered' }]);
    expect(call.run.outcome).toBe('resolved');
  });

  it('keeps the knowledge the agent answers from beside the answer step', () => {
    const answer = libraryFlow('consultation').steps.find((s) => s.id === 'answer');
    expect(answer?.snippets?.map((s) => s.id)).toEqual(['delivery-times', 'returns-policy', 'warranty', 'payment', 'invoice']);
  });

  it.each(['tech-service', 'sales', 'logistics', 'quality-management', 'market-service'])(
    'transfers an unanswered question to %s and records transferred',
    (department) => {
      const call = drive('consultation').walk({ need: 'product', answered: false, department });
      expect(call.actions).toEqual([
        { type: 'transfer', department },
        { type: 'set_disposition', code: 'transferred' },
      ]);
      expect(call.run.outcome).toBe('transferred');
    },
  );

  it('needs the department before it transfers', () => {
    const call = drive('consultation').walk({ need: 'other', answered: false }, 'specialist');
    expect(() => call.complete()).toThrow(/department.*required/);
  });
});
