// The default deny list (E1): files that hold credentials are never attached, whatever the user
// has open or selected, and whatever the project's .assistantignore says (it cannot re-allow them).
// Paths are workspace-relative POSIX paths; matching ignores case (macOS and Windows file systems
// do, and `.ENV` holds the same secrets as `.env`) and works at any depth.

export interface DenyRule {
  /** What the user is told, e.g. "environment files (.env, .env.*)". */
  readonly description: string;
  readonly matches: (segments: readonly string[]) => boolean;
}

const basenameIs = (names: readonly string[]) => (segments: readonly string[]) =>
  names.includes(segments[segments.length - 1]);

const basenameStartsWith = (prefixes: readonly string[]) => (segments: readonly string[]) =>
  prefixes.some((p) => segments[segments.length - 1].startsWith(p));

const basenameEndsWith = (suffixes: readonly string[]) => (segments: readonly string[]) =>
  suffixes.some((s) => segments[segments.length - 1].endsWith(s));

/** Any segment, so both `.ssh/config` and the folder `.ssh` itself are denied. */
const inFolder = (name: string) => (segments: readonly string[]) => segments.includes(name);

const anyOf = (...matchers: ReadonlyArray<(segments: readonly string[]) => boolean>) => (segments: readonly string[]) => matchers.some((m) => m(segments));

/** These segments in a row, at any depth: `.docker/config.json`, `.config/gcloud`. */
const pathHas = (...names: readonly string[]) => (segments: readonly string[]) =>
  segments.some((_, i) => names.every((n, j) => segments[i + j] === n));

export const DENY_RULES: readonly DenyRule[] = [
  // `.env*`: .env, .env.local, .env.production, and direnv's .envrc.
  { description: 'environment files (.env, .env.*)', matches: basenameStartsWith(['.env']) },
  { description: 'certificates and private keys (*.pem, *.key)', matches: basenameEndsWith(['.pem', '.key']) },
  { description: 'keystores (*.p12, *.pfx, *.jks, *.keystore)', matches: basenameEndsWith(['.p12', '.pfx', '.jks', '.keystore']) },
  // Private and public halves alike: the public key names the user and host, and is never needed.
  { description: 'SSH keys (id_rsa*, id_ed25519*, id_ecdsa*, id_dsa*)', matches: basenameStartsWith(['id_rsa', 'id_ed25519', 'id_ecdsa', 'id_dsa']) },
  { description: 'credentials files (.npmrc, .pypirc, .netrc, .git-credentials)', matches: basenameIs(['.npmrc', '.pypirc', '.netrc', '_netrc', '.git-credentials']) },
  { description: 'the .ssh folder', matches: inFolder('.ssh') },
  { description: 'the .aws folder', matches: inFolder('.aws') },
  { description: 'the .kube folder', matches: inFolder('.kube') },
  { description: 'secrets folders', matches: inFolder('secrets') },
  // Git internals: config can hold credentials in remote URLs, objects hold every old version.
  { description: 'the .git folder', matches: inFolder('.git') },
  // Where tools keep their logins, mostly in the home folder: denied wherever they turn up (a home
  // folder opened as the workspace, a file outside it judged by its full path, a link to one).
  {
    description: 'cloud and cluster credentials (.azure, gcloud, .docker/config.json, .terraform.d)',
    matches: anyOf(inFolder('.azure'), pathHas('.config', 'gcloud'), pathHas('appdata', 'roaming', 'gcloud'), pathHas('.docker', 'config.json'), inFolder('.terraform.d'), pathHas('.config', 'doctl')),
  },
  {
    description: 'tool logins (gh, hub, cargo, gem, Maven, Gradle, Vault, pgpass, git credentials)',
    matches: anyOf(
      pathHas('.config', 'gh', 'hosts.yml'), pathHas('.config', 'hub'), pathHas('.cargo', 'credentials'), pathHas('.cargo', 'credentials.toml'),
      pathHas('.gem', 'credentials'), pathHas('.m2', 'settings.xml'), pathHas('.gradle', 'gradle.properties'), pathHas('.config', 'git', 'credentials'),
      basenameIs(['.vault-token', '.pgpass', '.my.cnf', 'credentials.tfrc.json']),
    ),
  },
  {
    description: 'key rings and password stores (.gnupg, .password-store, keyrings, Keychains)',
    matches: anyOf(inFolder('.gnupg'), inFolder('.password-store'), pathHas('.local', 'share', 'keyrings'), pathHas('library', 'keychains')),
  },
  { description: 'system secrets (/etc/shadow, /etc/ssl/private)', matches: anyOf(pathHas('etc', 'shadow'), pathHas('etc', 'gshadow'), pathHas('etc', 'ssl', 'private')) },
];

/**
 * The deny rule an absolute path outside the workspace falls under, judged by the whole path
 * (`~/.aws/credentials` is `credentials` by name alone). Windows drive letters and backslashes are
 * read as the same path.
 */
export function matchDenyListOutside(absolutePath: string): DenyRule | undefined {
  const segments = absolutePath.replace(/\\/g, '/').toLowerCase().split('/').filter((s) => s !== '' && !/^[a-z]:$/.test(s));
  if (segments.length === 0) return undefined;
  return DENY_RULES.find((rule) => rule.matches(segments));
}

/**
 * The deny rule a path falls under, if any. `relPath` must already be a normalised
 * workspace-relative POSIX path (see `normalizeRelPath`).
 */
export function matchDenyList(relPath: string): DenyRule | undefined {
  const segments = relPath.toLowerCase().split('/').filter((s) => s !== '');
  if (segments.length === 0) return undefined;
  return DENY_RULES.find((rule) => rule.matches(segments));
}
