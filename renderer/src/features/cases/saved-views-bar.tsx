import { DeleteOutlined, EditOutlined, SaveOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Modal, Typography } from 'antd';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { builtInViews, sameFilters, type CaseFilters } from '../../services/cases/case-filters';
import { VIEW_NAME_MAX, viewName, type CaseView } from '../../services/cases/saved-views';
import { useConsoleStore, type UserFacingError } from '../../store';
import { errorText } from '../common/error-text';
import { FieldError } from '../customer/field-error';

/**
 * The list's views as quick buttons: the built-in ones of every role, then the person's own, kept
 * in their IndexedDB database. The button whose filters are the list's is pressed.
 */
export function SavedViewsBar({ filters, onApply }: { filters: CaseFilters; onApply: (filters: CaseFilters) => void }) {
  const { t } = useTranslation();
  const user = useConsoleStore((s) => s.session.user);
  const views = useConsoleStore((s) => s.cases.views);
  const [dialog, setDialog] = useState<'save' | 'manage' | null>(null);
  const groupLabel = useId();
  const builtIn = user ? builtInViews(user) : [];

  return (
    <Flex gap={8} wrap align="center">
      <span id={groupLabel}>
        <Typography.Text type="secondary">{t('cases.views.label')}</Typography.Text>
      </span>
      <Flex gap={6} wrap role="group" aria-labelledby={groupLabel}>
        {builtIn.map((view) => (
          <Button key={view.id} size="small" aria-pressed={sameFilters(view.filters, filters)} type={sameFilters(view.filters, filters) ? 'primary' : 'default'} onClick={() => onApply(view.filters)}>
            {t(`cases.views.builtIn.${view.id}`)}
          </Button>
        ))}
        {views.map((view) => (
          <Button key={view.id} size="small" aria-pressed={sameFilters(view.filters, filters)} type={sameFilters(view.filters, filters) ? 'primary' : 'dashed'} onClick={() => onApply(view.filters)}>
            {view.name}
          </Button>
        ))}
      </Flex>
      <Button size="small" type="link" icon={<SaveOutlined aria-hidden />} onClick={() => setDialog('save')}>
        {t('cases.views.save')}
      </Button>
      {views.length > 0 && (
        <Button size="small" type="link" icon={<SettingOutlined aria-hidden />} onClick={() => setDialog('manage')}>
          {t('cases.views.manage')}
        </Button>
      )}
      {dialog === 'save' && <SaveViewDialog onClose={() => setDialog(null)} />}
      {dialog === 'manage' && <ManageViewsDialog views={views} onClose={() => setDialog(null)} />}
    </Flex>
  );
}

/** Names the list's filters. Mounted only while open, so each opening starts empty. */
function SaveViewDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saveCaseView = useConsoleStore((s) => s.saveCaseView);
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { name: useId(), problem: useId() };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const checked = viewName(name);
    if (checked === null) {
      setInvalid(true);
      return;
    }
    setBusy(true);
    try {
      await saveCaseView(checked);
      void message.success(t('cases.views.saved', { name: checked }));
      onClose();
    } catch (caught) {
      setError(caught as UserFacingError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('cases.views.saveTitle')}
      okText={t('cases.views.ok')}
      cancelText={t('cases.views.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <form noValidate onSubmit={(e) => void submit(e)}>
        <label htmlFor={ids.name} style={{ display: 'block', marginBottom: 4 }}>
          {t('cases.views.name')}
        </label>
        <Input
          id={ids.name}
          value={name}
          maxLength={VIEW_NAME_MAX}
          autoFocus
          aria-required
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? ids.problem : undefined}
          status={invalid ? 'error' : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setInvalid(false);
          }}
        />
        {invalid && <FieldError id={ids.problem}>{t('cases.views.nameInvalid', { max: VIEW_NAME_MAX })}</FieldError>}
        {error && (
          <Typography.Paragraph type="danger" role="alert" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('cases.views.failed', { detail: errorText(t, error) })}
          </Typography.Paragraph>
        )}
      </form>
    </Modal>
  );
}

/** Renames and deletes the person's own views; the built-in ones are not theirs to change. */
function ManageViewsDialog({ views, onClose }: { views: CaseView[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open title={t('cases.views.manageTitle')} footer={<Button onClick={onClose}>{t('cases.views.close')}</Button>} onCancel={onClose} destroyOnHidden>
      {views.length === 0 ? (
        <Typography.Text type="secondary">{t('cases.views.none')}</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
          {views.map((view) => (
            <li key={view.id}>
              <ViewRow view={view} />
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

function ViewRow({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const renameCaseView = useConsoleStore((s) => s.renameCaseView);
  const deleteCaseView = useConsoleStore((s) => s.deleteCaseView);
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { input: useId(), problem: useId() };

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    const name = viewName(editing ?? '');
    if (name === null) {
      setProblem(t('cases.views.nameInvalid', { max: VIEW_NAME_MAX }));
      return;
    }
    try {
      const outcome = await renameCaseView(view.id, name);
      if (outcome === 'taken') setProblem(t('cases.views.taken', { name }));
      else setEditing(null);
    } catch (caught) {
      setProblem(t('cases.views.failed', { detail: errorText(t, caught as UserFacingError) }));
    }
  };

  const remove = async () => {
    try {
      await deleteCaseView(view.id);
      void message.success(t('cases.views.deleted', { name: view.name }));
    } catch (caught) {
      void message.error(t('cases.views.failed', { detail: errorText(t, caught as UserFacingError) }));
    }
  };

  if (editing !== null) {
    return (
      <form noValidate onSubmit={(e) => void rename(e)}>
        <label htmlFor={ids.input} className="visually-hidden">
          {t('cases.views.renameTo', { name: view.name })}
        </label>
        <Flex gap={6}>
          <Input
            id={ids.input}
            value={editing}
            maxLength={VIEW_NAME_MAX}
            autoFocus
            aria-invalid={problem !== null || undefined}
            aria-describedby={problem !== null ? ids.problem : undefined}
            onChange={(e) => {
              setEditing(e.target.value);
              setProblem(null);
            }}
          />
          <Button htmlType="submit" type="primary">
            {t('cases.views.ok')}
          </Button>
          <Button onClick={() => setEditing(null)}>{t('cases.views.cancel')}</Button>
        </Flex>
        {problem !== null && <FieldError id={ids.problem}>{problem}</FieldError>}
      </form>
    );
  }
  return (
    <Flex gap={6} align="center" justify="space-between">
      <Typography.Text>{view.name}</Typography.Text>
      <Flex gap={4}>
        <Button size="small" icon={<EditOutlined aria-hidden />} aria-label={`${t('cases.views.rename')} ${view.name}`} onClick={() => setEditing(view.name)}>
          {t('cases.views.rename')}
        </Button>
        <Button size="small" danger icon={<DeleteOutlined aria-hidden />} aria-label={t('cases.views.deleteView', { name: view.name })} onClick={() => void remove()}>
          {t('cases.views.delete')}
        </Button>
      </Flex>
    </Flex>
  );
}
