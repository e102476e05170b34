import { BlockList, isIP } from 'node:net';

/**
 * Who delivered a message, as the transport established it (never what the message says):
 * - `mllp`: the peer address and, over TLS with client certificates, the verified certificate's
 *   subject CN and subject alternative names;
 * - `user`: the authenticated HTTP caller (an `integration` user).
 * Files imported from the shell and replays by an administrator carry no identity (operators).
 */
export type SenderIdentity =
  | { kind: 'mllp'; address?: string; certificateNames?: readonly string[] }
  | { kind: 'user'; userId: string; email?: string };

/** An MSH-3|MSH-4 pair (HD values as `hierarchicDesignator` writes them), `*` for any. */
export interface SenderPair {
  application: string;
  facility: string;
}

type Binding =
  | { kind: 'cn'; name: string; pairs: SenderPair[] }
  | { kind: 'net'; network: BlockList; label: string; pairs: SenderPair[] }
  | { kind: 'user'; user: string; pairs: SenderPair[] }
  /** INGEST_ALLOWED_SENDERS (development): any identity the transport admitted. */
  | { kind: 'any'; pairs: SenderPair[] };

const ANY_PAIR: SenderPair = { application: '*', facility: '*' };

export class SenderConfigError extends Error {}

/**
 * Which sender may use which MSH-3|MSH-4 values (src/ingest/README.md, "Senders").
 *
 * `INGEST_SENDERS`: `;`-separated bindings `<identity>:<pairs>`, identity one of `cn=<certificate
 * CN or SAN>`, `net=<CIDR>` (MLLP peer address), `user=<email or user id>` (HTTP), pairs
 * `,`-separated `MSH-3|MSH-4`. `INGEST_ALLOWED_SENDERS` (bare pairs, any identity) is for
 * development and refused in production. Neither set: everyone outside production, no one in it.
 */
export class SenderBindings {
  private constructor(
    private readonly bindings: Binding[],
    private readonly everyone: boolean,
  ) {}

  static parse(senders: string | undefined, legacy: string | undefined, production: boolean): SenderBindings {
    if (production && legacy !== undefined) {
      throw new SenderConfigError(
        'INGEST_ALLOWED_SENDERS trusts what a sender writes into MSH-3/MSH-4; in production bind each sender ' +
          'with INGEST_SENDERS (e.g. cn=lab-gw:LAB|HOSP;net=10.1.0.0/16:ADT|HOSP;user=feed@example.org:LAB|HOSP)',
      );
    }
    const bindings = (senders ?? '')
      .split(';')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map(parseBinding);
    if (legacy !== undefined)
      bindings.push({ kind: 'any', pairs: parsePairs(legacy, 'INGEST_ALLOWED_SENDERS') });
    return new SenderBindings(bindings, senders === undefined && legacy === undefined && !production);
  }

  /** The pairs `identity` may use; undefined identity (shell, replay): every bound pair. */
  pairsFor(identity: SenderIdentity | undefined): SenderPair[] {
    if (this.everyone) return [ANY_PAIR];
    return this.bindings.filter((binding) => matches(binding, identity)).flatMap((binding) => binding.pairs);
  }

  /** Whether some sender may use this pair at all (checked for every message, whatever its channel). */
  allows(application: string, facility: string): boolean {
    return pairAllowed(this.pairsFor(undefined), application, facility);
  }
}

export function pairAllowed(pairs: readonly SenderPair[], application: string, facility: string): boolean {
  return pairs.some(
    (pair) =>
      (pair.application === '*' || pair.application === application) &&
      (pair.facility === '*' || pair.facility === facility),
  );
}

/** `::ffff:10.1.2.3` (an IPv4 peer on a dual-stack socket) as `10.1.2.3`. */
export function plainAddress(address: string | undefined): string | undefined {
  const mapped = address?.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  return mapped ? mapped[1] : address;
}

/** A CIDR list (`10.1.0.0/16, 192.168.5.7, fd00::/8`) as a BlockList; throws SenderConfigError. */
export function parseNetworks(list: string, variable: string): BlockList {
  const networks = new BlockList();
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new SenderConfigError(`${variable}: no network given`);
  for (const entry of entries) addNetwork(networks, entry, variable);
  return networks;
}

export function inNetworks(networks: BlockList, address: string | undefined): boolean {
  const plain = plainAddress(address);
  const family = plain ? isIP(plain) : 0;
  return family !== 0 && networks.check(plain!, family === 4 ? 'ipv4' : 'ipv6');
}

function addNetwork(networks: BlockList, entry: string, variable: string): void {
  const [address = '', prefixText, extra] = entry.split('/');
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new SenderConfigError(`${variable}: "${entry}" is not an address or CIDR network`);
  }
  networks.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

function parseBinding(entry: string): Binding {
  const separator = entry.lastIndexOf(':');
  const equals = entry.indexOf('=');
  if (equals < 0 || separator < equals) {
    throw new SenderConfigError(
      `INGEST_SENDERS: "${entry.slice(0, 60)}" is not <cn|net|user>=<identity>:<MSH-3>|<MSH-4>[,…]`,
    );
  }
  const kind = entry.slice(0, equals).trim().toLowerCase();
  const value = entry.slice(equals + 1, separator).trim();
  const pairs = parsePairs(entry.slice(separator + 1), 'INGEST_SENDERS');
  if (!value) throw new SenderConfigError(`INGEST_SENDERS: "${entry.slice(0, 60)}" names no identity`);
  switch (kind) {
    case 'cn':
      return { kind, name: value, pairs };
    case 'net':
      return { kind, network: parseNetworks(value, 'INGEST_SENDERS'), label: value, pairs };
    case 'user':
      return { kind, user: value.toLowerCase(), pairs };
    default:
      throw new SenderConfigError(
        `INGEST_SENDERS: unknown identity kind "${kind.slice(0, 20)}" (cn, net, user)`,
      );
  }
}

function parsePairs(text: string, variable: string): SenderPair[] {
  const pairs = text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const parts = pair.split('|').map((part) => part.trim());
      if (parts.length > 2 || parts.some((part) => part === '')) {
        throw new SenderConfigError(`${variable}: "${pair.slice(0, 60)}" is not an MSH-3|MSH-4 pair`);
      }
      return { application: parts[0]!, facility: parts[1] ?? '*' };
    });
  if (pairs.length === 0) throw new SenderConfigError(`${variable}: no MSH-3|MSH-4 pair given`);
  return pairs;
}

function matches(binding: Binding, identity: SenderIdentity | undefined): boolean {
  if (!identity || binding.kind === 'any') return true;
  switch (binding.kind) {
    case 'cn':
      return identity.kind === 'mllp' && (identity.certificateNames ?? []).includes(binding.name);
    case 'net':
      return identity.kind === 'mllp' && inNetworks(binding.network, identity.address);
    case 'user':
      return (
        identity.kind === 'user' &&
        (binding.user === identity.userId.toLowerCase() || binding.user === identity.email?.toLowerCase())
      );
  }
}
