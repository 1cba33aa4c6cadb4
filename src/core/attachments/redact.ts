// Secret redaction (E3) lives in src/core/secrets/redact.ts; attachments, tools and search import it from here.
export { describeFinding, placeholder, redactSecrets, redactSecretsCached, SECRET_LABELS, type Finding, type RedactionResult, type SecretKind } from '../secrets/redact';
