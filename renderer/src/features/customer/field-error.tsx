import type { ReactNode } from 'react';

/** A field's problem under it: announced as it appears, and named by the field's aria-describedby. */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div id={id} role="alert" style={{ color: '#cf1322', marginTop: 4 }}>
      {children}
    </div>
  );
}
