// What went wrong on the way to the server, from the error codes Node and undici put on the
// error's cause chain (the SDK wraps them in APIConnectionError; a stream cut mid-answer surfaces
// as undici's bare "terminated"). Each becomes a sentence saying what happened and what to do.

export interface NetworkFailure {
  readonly kind: 'offline' | 'timeout';
  readonly message: string;
  /** The low-level code and text (e.g. `ECONNREFUSED connect ECONNREFUSED 127.0.0.1:11434`), shown beside it. */
  readonly detail: string;
}

interface Low {
  readonly code: string;
  readonly message: string;
}

/** The codes and messages along `err.cause`, outermost first (a few levels: causes can loop). */
function chain(err: unknown): Low[] {
  const found: Low[] = [];
  let at: unknown = err;
  for (let depth = 0; depth < 6 && at && typeof at === 'object'; depth++) {
    const e = at as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    found.push({ code: typeof e.code === 'string' ? e.code : '', message: typeof e.message === 'string' ? e.message : '' });
    // Happy-eyeballs connects fail with an AggregateError of one error per address.
    at = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return found;
}

const TLS_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED|CERT_REVOKED)$/;

/** The failure `err` is, or undefined when it is not a network failure. `server` names it (its URL, as shown). */
export function networkFailure(err: unknown, host: string): NetworkFailure | undefined {
  const lows = chain(err);
  const has = (test: (l: Low) => boolean) => lows.find(test);
  const detailOf = (l: Low) => [l.code, l.message].filter(Boolean).join(' ');
  const offline = (l: Low, message: string): NetworkFailure => ({ kind: 'offline', message, detail: detailOf(l) });

  const tls = has((l) => TLS_CODES.test(l.code) || /certificate/i.test(l.message));
  if (tls) {
    const selfSigned = /SELF_SIGNED|self[- ]signed|UNABLE_TO|issuer/i.test(`${tls.code} ${tls.message}`);
    return offline(tls, selfSigned
      ? `The secure connection to ${host} failed: its certificate is self-signed or from an authority VS Code does not trust. For a server on this machine, use http:// in workspaceAssistant.baseUrl; otherwise add its certificate authority to your system (or NODE_EXTRA_CA_CERTS).`
      : `The secure connection to ${host} failed: its certificate is not valid for this address or has expired. Check workspaceAssistant.baseUrl.`);
  }
  const wrongProtocol = has((l) => /ERR_SSL_WRONG_VERSION_NUMBER|EPROTO|wrong version number/i.test(`${l.code} ${l.message}`));
  if (wrongProtocol) return offline(wrongProtocol, `${host} does not speak HTTPS at this address. If it is a local server, use http:// in workspaceAssistant.baseUrl.`);
  const proxy = has((l) => /proxy/i.test(l.message) || l.code === 'UND_ERR_PROXY');
  if (proxy) return offline(proxy, `The proxy between VS Code and ${host} refused or failed the connection. Check the http.proxy setting (and its credentials), or your HTTPS_PROXY variable.`);
  const dns = has((l) => l.code === 'ENOTFOUND' || l.code === 'EAI_AGAIN' || l.code === 'EAI_NONAME');
  if (dns) return offline(dns, `The address of ${host} could not be found (DNS). Check the host name in workspaceAssistant.baseUrl and your network connection.`);
  const refused = has((l) => l.code === 'ECONNREFUSED');
  if (refused) return offline(refused, `${host} refused the connection: nothing is listening there. Is the server running, on this port? (Ollama: ollama serve; LM Studio: start its server.)`);
  const timeout = has((l) => /^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/.test(l.code));
  if (timeout) return { kind: 'timeout', message: `${host} did not respond in time. Check your connection, or whether the server is overloaded.`, detail: detailOf(timeout) };
  const unreachable = has((l) => /^(ENETUNREACH|EHOSTUNREACH|ENETDOWN|EHOSTDOWN|EADDRNOTAVAIL)$/.test(l.code));
  if (unreachable) return offline(unreachable, `${host} cannot be reached from this machine: no network route to it. Check your connection or VPN.`);
  const dropped = has((l) => /^(ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(l.code) || /^(terminated|other side closed|socket hang up)$/i.test(l.message));
  if (dropped) return offline(dropped, `The connection to ${host} was dropped before the answer was complete. Retry; if it keeps happening, check your network or the server's logs.`);
  return undefined;
}
