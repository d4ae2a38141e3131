import { useCallback, useEffect, useState } from 'react';
import type { CustomerDetail } from '../../../../shared/api/customers';
import { createLogger } from '../../logger';
import { useConsoleStore, type UserFacingError } from '../../store';
import { visibleCalls } from '../phone/call-format';
import { currentCaller, userFacing } from './customer-model';

const log = createLogger('customer/detail');

export type CustomerDetailLoad =
  | { status: 'loading' }
  | { status: 'ready'; detail: CustomerDetail }
  | { status: 'error'; error: UserFacingError };

/**
 * The whole record of the customer open in the workspace, read from the hub when shown (the hub
 * logs the read). `reload` is for the retry button; `replace` takes a newer copy an edit returned.
 */
export function useCustomerDetail(id: string): { load: CustomerDetailLoad; reload: () => void; replace: (detail: CustomerDetail) => void } {
  const loadCustomer = useConsoleStore((s) => s.loadCustomer);
  const [load, setLoad] = useState<CustomerDetailLoad>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    // The record of the caller on the line is read for that call: the access log ties the two.
    const state = useConsoleStore.getState();
    const caller = currentCaller(visibleCalls(state.phone.snapshot?.calls ?? [], state.phone.refusedCallIds), state.customers.pops);
    const callId = caller?.customer.id === id ? caller.callId : undefined;
    loadCustomer(id, 'workspace', callId).then(
      (detail) => {
        if (!cancelled) setLoad({ status: 'ready', detail });
      },
      (error: unknown) => {
        if (cancelled) return;
        log.warn('could not load the customer record', error);
        setLoad({ status: 'error', error: userFacing(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [loadCustomer, id, attempt]);

  const reload = useCallback(() => {
    setLoad({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  const replace = useCallback((detail: CustomerDetail) => setLoad({ status: 'ready', detail }), []);
  return { load, reload, replace };
}
