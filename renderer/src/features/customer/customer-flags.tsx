import { CrownOutlined, ExclamationCircleFilled, StarOutlined } from '@ant-design/icons';
import { Alert, Flex, Tag, Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCard, CustomerPhone } from '../../../../shared/api/customers';
import { useConsoleStore } from '../../store';
import { customerClassText, formatPhone, phoneKindText, ticketFlags, vipText } from './customer-text';

// antd's gold, purple and orange tags put light text on a light ground (about 3:1); the darker text
// keeps their colour as a hint and reaches 4.5:1. Red on antd's light red is 5.3:1 already.
const GOLD: CSSProperties = { color: '#613400', marginInlineEnd: 0 };
const PURPLE: CSSProperties = { color: '#391085', marginInlineEnd: 0 };
const ORANGE: CSSProperties = { color: '#612500', marginInlineEnd: 0 };
const PLAIN: CSSProperties = { marginInlineEnd: 0 };

/**
 * What sets a customer apart, as tags: VIP level, key account (大客户), class, the customer's own
 * tags and, with `withCounts`, the open complaints and tickets.
 */
export function CustomerFlags({ card, withCounts = true }: { card: CustomerCard; withCounts?: boolean }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const vip = vipText(t, card.vipLevel);
  const counts = withCounts ? ticketFlags(t, card, language) : { complaints: null, tickets: null };
  return (
    <Flex gap={4} wrap align="center">
      {vip && (
        <Tag color="gold" icon={<CrownOutlined aria-hidden />} style={GOLD}>
          {vip}
        </Tag>
      )}
      {card.keyAccount && (
        <Tag color="purple" icon={<StarOutlined aria-hidden />} style={PURPLE}>
          {t('customer.flags.keyAccount')}
        </Tag>
      )}
      {counts.complaints && (
        <Tag color="red" icon={<ExclamationCircleFilled aria-hidden />} style={PLAIN}>
          {counts.complaints}
        </Tag>
      )}
      {counts.tickets && (
        <Tag color="orange" style={ORANGE}>
          {counts.tickets}
        </Tag>
      )}
      <Tag style={PLAIN}>{customerClassText(t, card.customerClass)}</Tag>
      {card.tags.map((tag) => (
        <Tag key={tag} variant="filled" style={PLAIN}>
          {tag}
        </Tag>
      ))}
    </Flex>
  );
}

/**
 * A customer's name and flags, as the pop and the workspace both show them. Open complaints are an
 * alert rather than a tag: the one thing the agent must not miss before greeting.
 */
export function CustomerHeader({ card, level, headingId, extra }: { card: CustomerCard; level: 2 | 3; headingId?: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const counts = ticketFlags(t, card, language);
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <Typography.Title level={level} id={headingId} style={{ fontSize: 20, margin: 0, wordBreak: 'break-word' }}>
          {card.name}
        </Typography.Title>
        {extra}
      </Flex>
      <CustomerFlags card={card} withCounts={counts.complaints === null} />
      {counts.complaints && (
        <Alert
          type="error"
          showIcon
          icon={<ExclamationCircleFilled aria-hidden />}
          // Read with the card, not announced over the ringing: the header is where the agent looks.
          role="note"
          title={[counts.complaints, counts.tickets].filter((x) => x !== null).join(' · ')}
          style={{ padding: '4px 12px' }}
        />
      )}
    </Flex>
  );
}

/** The customer's numbers in the form the agent reads them aloud, each with its kind. */
export function PhoneList({ phones }: { phones: readonly CustomerPhone[] }) {
  const { t } = useTranslation();
  if (phones.length === 0) return <Typography.Text type="secondary">{t('customer.contact.noPhones')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
      {phones.map((phone) => (
        <li key={phone.e164}>
          <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{formatPhone(phone.e164)}</Typography.Text>
          <Typography.Text type="secondary"> · {phoneKindText(t, phone.kind)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
