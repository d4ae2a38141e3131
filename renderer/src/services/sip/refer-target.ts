import { URI, type Session } from 'sip.js';
import { SipPhoneError } from './phone-error';

/**
 * A Refer-To URI written as a name-addr (`<sip:…?Replaces=…>`): sip.js writes a URI target bare,
 * and a URI carrying `?headers` must be in angle brackets (RFC 3261 §20.10).
 */
class NameAddrUri extends URI {
  override toString(): string {
    return `<${super.toString()}>`;
  }
}

/**
 * Where to send the transferee for an attended transfer: the consult party's address of record
 * with the consult dialog to replace (RFC 3891). sip.js would use the dialog's remote target, the
 * party's Contact, which for a WebSocket phone is an `*.invalid` host only the proxy's connection
 * alias can reach — a proxy like the center's Kamailio refuses it as an initial request (403).
 */
export function replacesTarget(consult: Session): URI {
  const dialog = consult.dialog;
  if (!dialog) throw new SipPhoneError('transfer_failed', 'the consult call has no dialog');
  const aor = consult.remoteIdentity.uri;
  const replaces = `${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`;
  return new NameAddrUri(aor.scheme, aor.user ?? '', aor.host, aor.port, {}, { Replaces: [encodeURIComponent(replaces)] });
}

