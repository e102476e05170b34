import { parseNetworks, SenderBindings, SenderConfigError } from './sender-bindings.js';

interface SenderSettings {
  NODE_ENV: string;
  MLLP_PORT: number;
  INGEST_SENDERS?: string;
  INGEST_ALLOWED_SENDERS?: string;
  MLLP_ALLOWED_NETWORKS?: string;
  MLLP_TLS_CERT_FILE?: string;
  MLLP_TLS_KEY_FILE?: string;
  MLLP_TLS_CA_FILE?: string;
}

/**
 * Checked when the configuration loads (`src/app-config.ts` passes this check to config/), so a typo stops the start with the
 * variable's name: the sender bindings and networks parse, and in production MLLP authenticates
 * its peers — TLS with client certificates, or an explicit network allow-list instead.
 */
export function senderSettingsProblems(env: SenderSettings): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const production = env.NODE_ENV === 'production';
  try {
    SenderBindings.parse(env.INGEST_SENDERS, env.INGEST_ALLOWED_SENDERS, production);
  } catch (error) {
    if (!(error instanceof SenderConfigError)) throw error;
    const path = error.message.startsWith('INGEST_SENDERS') ? 'INGEST_SENDERS' : 'INGEST_ALLOWED_SENDERS';
    problems.push({ path, message: error.message });
  }
  if (env.MLLP_ALLOWED_NETWORKS !== undefined) {
    try {
      parseNetworks(env.MLLP_ALLOWED_NETWORKS, 'MLLP_ALLOWED_NETWORKS');
    } catch (error) {
      if (!(error instanceof SenderConfigError)) throw error;
      problems.push({ path: 'MLLP_ALLOWED_NETWORKS', message: error.message });
    }
  }
  const clientCertificates = Boolean(env.MLLP_TLS_CA_FILE && env.MLLP_TLS_CERT_FILE && env.MLLP_TLS_KEY_FILE);
  if (production && env.MLLP_PORT !== 0 && !clientCertificates && env.MLLP_ALLOWED_NETWORKS === undefined) {
    problems.push({
      path: 'MLLP_TLS_CA_FILE',
      message:
        'production MLLP needs authenticated senders: TLS with client certificates (MLLP_TLS_CERT_FILE, ' +
        'MLLP_TLS_KEY_FILE and MLLP_TLS_CA_FILE), or an explicit source-network allow-list ' +
        'MLLP_ALLOWED_NETWORKS (CIDRs); MLLP_PORT=0 disables MLLP',
    });
  }
  return problems;
}
