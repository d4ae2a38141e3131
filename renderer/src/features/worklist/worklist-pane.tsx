import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallbackWorkItem } from '../../../../shared/api/callbacks';
import { useConsoleStore } from '../../store';
import { PhonePane } from '../phone/phone-pane';
import { ActiveCallPanels } from './active-call-panel';
import { AttemptForm } from './attempt-form';
import { ManualTaskDialog } from './manual-task-dialog';
import { WorklistList } from './worklist-list';
import { taskName } from './worklist-text';

/**
 * The callback staff's pane (回访任务): the worklist, the task of the call being made with its
 * attempt form, and the phone under it (call controls, the customer's card and the survey script
 * live in the PhonePane for outbound calls as for inbound ones).
 */
export function WorklistPane() {
  const { t } = useTranslation();
  const showWorklist = useConsoleStore((s) => s.showWorklist);
  const hideWorklist = useConsoleStore((s) => s.hideWorklist);
  const subscribeHubEvents = useConsoleStore((s) => s.subscribeHubEvents);
  const refreshWorklist = useConsoleStore((s) => s.refreshWorklist);
  const [creating, setCreating] = useState(false);
  // A task recorded from its row (no call on this PC: a reload mid-call, a call from a desk phone).
  const [recording, setRecording] = useState<{ task: CallbackWorkItem; attemptId: string } | null>(null);

  useEffect(() => {
    showWorklist();
    return hideWorklist;
  }, [showWorklist, hideWorklist]);
  // What others do (a claim, a survey delivered, a new task) shows without a refresh.
  useEffect(
    () =>
      subscribeHubEvents((event) => {
        if (event.type === 'callback.changed') void refreshWorklist({ callbackId: event.callbackId });
      }),
    [subscribeHubEvents, refreshWorklist],
  );

  return (
    <Flex vertical gap={16}>
      <Flex justify="flex-end">
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
          {t('worklist.manual.open')}
        </Button>
      </Flex>
      <WorklistList onRecord={(task) => setRecording({ task, attemptId: crypto.randomUUID() })} />
      <ActiveCallPanels />
      <PhonePane />
      <ManualTaskDialog open={creating} onClose={() => setCreating(false)} />
      <Modal open={recording !== null} title={recording ? taskName(t, recording.task) : ''} footer={null} onCancel={() => setRecording(null)} destroyOnHidden>
        {recording && <AttemptForm task={recording.task} callId={null} attemptId={recording.attemptId} prefill={null} onDone={() => setRecording(null)} />}
      </Modal>
    </Flex>
  );
}
