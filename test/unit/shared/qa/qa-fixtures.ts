import { ScorecardDefinitionSchema, type ScorecardDefinition } from '../../../../shared/qa/scorecard';

const t = (text: string) => ({ 'zh-CN': text, 'en-US': text });

/** A small card: 10 + 20 + 10 points, and one fatal item. */
export const CARD: ScorecardDefinition = ScorecardDefinitionSchema.parse({
  name: t('测试评分表'),
  sections: [
    { id: 'opening', label: t('开场'), items: [{ id: 'greeting', label: t('问候'), weight: 10 }] },
    {
      id: 'handling',
      label: t('业务处理'),
      items: [
        { id: 'accuracy', label: t('准确'), weight: 20 },
        { id: 'courtesy', label: t('礼貌'), weight: 10 },
        { id: 'leak', label: t('泄露客户信息'), weight: 1, fatal: true },
      ],
    },
  ],
});
