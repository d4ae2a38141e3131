/** antd's tag colours put light text on light ground; darker text of the same hue passes WCAG AA (axe runs on every pane). */
export const TAG_TEXT = {
  default: { marginInlineEnd: 0 },
  success: { color: '#135200', marginInlineEnd: 0 },
  blue: { color: '#002c8c', marginInlineEnd: 0 },
  processing: { color: '#002c8c', marginInlineEnd: 0 },
  warning: { color: '#612500', marginInlineEnd: 0 },
  gold: { color: '#613400', marginInlineEnd: 0 },
  error: { color: '#820014', marginInlineEnd: 0 },
  purple: { color: '#22075e', marginInlineEnd: 0 },
} as const;
