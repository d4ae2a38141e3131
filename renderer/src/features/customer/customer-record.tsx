import { ArrowLeftOutlined, CloseCircleFilled, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Spin, Typography } from 'antd';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDetail } from '../../../../shared/api/customers';
import { useConsoleStore } from '../../store';
import { formatDateTime } from '../call-log/call-log-format';
import { errorText } from '../common/error-text';
import { ContactEditForm, contactDraftKey } from './contact-edit-form';
import { CustomerHeader, PhoneList } from './customer-flags';
import { canAuditCustomers, canEditCustomers } from './customer-model';
import { Facts } from '../common/facts';
import { AccessLogSection, OrdersSection, ProductsSection, Section, TicketsSection, TimelineSection } from './customer-sections';
import { useCustomerDetail } from './use-customer-detail';
import { useKeptState } from './use-kept-state';

/** One customer's whole record in the workspace: header, contact details and the history behind them. */
export function CustomerRecord({ id }: { id: string }) {
  const { t } = useTranslation();
  const openCustomer = useConsoleStore((s) => s.openCustomer);
  const { load, reload, replace } = useCustomerDetail(id);

  const back = (
    <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => openCustomer(null)}>
      {t('customer.record.back')}
    </Button>
  );

  switch (load.status) {
    case 'loading':
      return (
        <Flex vertical gap={12} align="flex-start">
          {back}
          <Flex justify="center" style={{ padding: 48, alignSelf: 'stretch' }}>
            <Spin description={t('customer.record.loading')} />
          </Flex>
        </Flex>
      );
    case 'error':
      return (
        <Flex vertical gap={12} align="flex-start">
          {back}
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleFilled aria-hidden />}
            title={t('customer.record.loadFailed')}
            description={errorText(t, load.error)}
            action={
              <Button size="small" onClick={reload}>
                {t('customer.retry')}
              </Button>
            }
            style={{ alignSelf: 'stretch' }}
          />
        </Flex>
      );
    case 'ready':
      return <CustomerRecordView detail={load.detail} back={back} onChange={replace} />;
  }
}

/** A loaded record; `back` is the way out, `onChange` takes a newer copy (an edit, a reload after a conflict). */
export function CustomerRecordView({ detail, back, onChange }: { detail: CustomerDetail; back: ReactNode; onChange: (detail: CustomerDetail) => void }) {
  const headingId = useId();
  const role = useConsoleStore((s) => s.session.user?.role);
  return (
    <section aria-labelledby={headingId}>
      <Flex vertical gap={12}>
        <div>{back}</div>
        <Card size="small">
          <CustomerHeader card={detail.card} level={2} headingId={headingId} />
        </Card>
        <ContactSection detail={detail} onChange={onChange} />
        <TimelineSection detail={detail} />
        <OrdersSection detail={detail} />
        <ProductsSection detail={detail} />
        <TicketsSection detail={detail} />
        {canAuditCustomers(role) && <AccessLogSection customerId={detail.card.id} />}
      </Flex>
    </section>
  );
}

function ContactSection({ detail, onChange }: { detail: CustomerDetail; onChange: (detail: CustomerDetail) => void }) {
  const { t } = useTranslation();
  const language = useConsoleStore((s) => s.ui.language);
  const role = useConsoleStore((s) => s.session.user?.role);
  const customerId = detail.card.id;
  // Kept like the form's values, so an edit left for another pane is still open on return.
  const [editing, setEditing] = useKeptState(`${contactDraftKey(customerId)}:open`, () => false);
  const editable = canEditCustomers(role);
  const none = t('customer.none');

  return (
    <Section
      title={t('customer.contact.heading')}
      extra={
        editable && !editing ? (
          <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
            {t('customer.contact.edit')}
          </Button>
        ) : null
      }
    >
      {editable && editing ? (
        <ContactEditForm
          key={customerId}
          detail={detail}
          onSaved={(saved) => {
            setEditing(false);
            onChange(saved);
          }}
          onReloaded={onChange}
          onClose={() => setEditing(false)}
        />
      ) : (
        <Facts
          items={[
            [t('customer.fields.phones'), <PhoneList key="phones" phones={detail.card.phones} />],
            [t('customer.fields.email'), detail.contact.email ?? none],
            [t('customer.fields.address'), detail.contact.address ?? none],
            [t('customer.fields.notes'), detail.contact.notes ?? <Typography.Text type="secondary">{none}</Typography.Text>],
            [t('customer.contact.created'), formatDateTime(detail.createdAt, language)],
          ]}
        />
      )}
    </Section>
  );
}
