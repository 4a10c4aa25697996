import { IConstruct } from 'constructs';
import * as yaml from 'js-yaml';
import { quote, ValidationError } from './errors';
import { requireConstruct, requireString } from './untyped';
import { SynthWarnings } from './warnings';

// A scan of every string of every synthesized object for credentials that reached it through a plain
// string (a URL, an annotation, a dashboard description...) rather than a SecretRef. The rules follow the
// shape of gitleaks' and trufflehog's well-known ones (a literal prefix plus a fixed alphabet and length,
// with an entropy floor where placeholders share the prefix), plus structural ones that only a parsed
// document shows: user info in URLs, credential query parameters, literal values of credential-named
// fields and headers. Most strings are skipped after a prefilter (`mayHold`) that every rule needs to
// match; embedded files (ConfigMap and Secret data) are looked into only when their whole text passes it,
// and a YAML file is parsed (to name the field of a finding) only when one of its lines shows something.

/** A value of a synthesized object that looks like a credential. */
export interface SecretScanFinding {
  /**
   * Where the value is in the object, as `SecretScan.allow` takes it: `spec.groups[0].rules[1].annotations.summary`,
   * `data["dash.json"] > panels[3].description` inside an embedded file, `data["config.alloy"] > line 12`
   * in a file that is neither JSON nor YAML, `metadata.labels.<key 0>` for an object key.
   */
  readonly field: string;
  /** What the value looks like, the value redacted: `a GitHub token ("ghp_…", 40 characters)`. */
  readonly description: string;
}

/** One thing found in a string: what it looks like and the sensitive part (only ever shown redacted). */
interface Hit {
  readonly what: string;
  readonly secret: string;
}

/** An acknowledged public value. */
interface Allow {
  readonly scope: IConstruct;
  readonly field: string;
  readonly reason: string;
}

// ---------------------------------------------------------------------------------------------------
// Rules

/**
 * The prefilter (`mayHold`): text that every rule needs somewhere in a string. A keyword of a token
 * format; a word of every credential name (`STRONG_NAMES`, `STRONG_SUFFIX`, `WEAK_SUFFIX`, with or
 * without separators); a weak credential query parameter; a word of a webhook host; the `x:y@`, `//x@`
 * or `/@x:` of user info. A string, or a whole embedded file, without any of them cannot hold a finding.
 * (A bare `key`, `auth` or `://` is in too many dashboards to be one of the words.)
 */
const CREDENTIAL_WORDS = 'passw|\\bpass\\b|passphrase|pwd|secret|token|credential|cookie|signature|authori[sz]ation'
  + '|(?:api|private|routing|service|integration|genie|master|encryption|signing)[-_. ]?key';
const PREFILTER_WORDS = new RegExp([
  CREDENTIAL_WORDS,
  'securejsondata',
  '[?&#;](?:key|sig|auth|code|hash)=',
  'hook|discord|outlook\\.office|zapier|chat\\.googleapis|api\\.telegram|events\\.pagerduty|maker\\.ifttt|api\\.opsgenie',
].join('|'), 'i');
/** The keywords of `TOKEN_RULES`, in their case. */
const PREFILTER_TOKENS = /xox|xapp-|gh[pousr]_|github_pat_|gl[a-z]{2,6}-|glsa_|glc_|GR1348941|A(?:KIA|SIA|BIA|CCA|3T)|AIza|eyJ|_live_|npm_|SG\.|T3BlbkFJ|GenieKey/;

/** The `x:y@`, `//x@` or `/@x:` of user info (tested only on text with an `@`). */
const PREFILTER_USER_INFO = /[^\s:@/]:[^\s@/]*@|\/\/[^\s/@]+@|\/@[^\s/@:]+:/;

const KEY_CACHE = new Map<string, boolean>();

/** `mayHold` of an object key, remembered: the same few hundred keys make up every object. */
function keyMayHold(key: string): boolean {
  let found = KEY_CACHE.get(key);
  if (found === undefined) {
    found = mayHold(key);
    if (KEY_CACHE.size < 10000) KEY_CACHE.set(key, found);
  }
  return found;
}

/** Whether any rule can find something in `text`. */
function mayHold(text: string): boolean {
  return PREFILTER_TOKENS.test(text) || PREFILTER_WORDS.test(text) || (text.includes('@') && PREFILTER_USER_INFO.test(text));
}

interface TokenRule {
  readonly what: string;
  readonly re: RegExp;
  /** The capture group holding the secret part (the whole match otherwise). */
  readonly group?: number;
  /** Bits per character below which the match is a placeholder (`glpat-XXXXXXXXXXXXXXXXXXXX`). */
  readonly minEntropy?: number;
  /** Characters of the literal prefix, left out of the entropy. */
  readonly prefix?: number;
  /** Matches that are documented examples, not credentials. */
  readonly example?: RegExp;
}

const AWS_KEY_ID_RULE: TokenRule = { what: 'an AWS access key id', re: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g, minEntropy: 3, prefix: 4, example: /EXAMPLE$/ };

/** Well-known token formats (after gitleaks' rules of the same providers). */
const TOKEN_RULES: TokenRule[] = [
  { what: 'a Slack webhook URL', re: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_+/-]{20,})/g, group: 1 },
  // a numeric segment after the prefix: `xoxb-your-token` is an example
  { what: 'a Slack token', re: /\b(?:xox[abposre]-(?:\d+-)+[0-9A-Za-z-]{8,}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)/g, minEntropy: 3, prefix: 5 },
  { what: 'a GitHub token', re: /\b(?:gh[pousr]_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{82})(?![0-9A-Za-z_])/g, minEntropy: 3, prefix: 4 },
  {
    what: 'a GitLab token',
    re: /\b(?:gl(?:pat|dt|ptt|rt|cbt|soat|oas|ft|imt|agent|ffct)-[0-9A-Za-z_-]{20,}|GR1348941[0-9A-Za-z_-]{20,})/g,
    minEntropy: 3,
    prefix: 6,
  },
  AWS_KEY_ID_RULE,
  { what: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, minEntropy: 3, prefix: 4 },
  { what: 'a JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]{10,}/g },
  { what: 'a PEM private key', re: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g },
  { what: 'a Grafana token', re: /\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}|eyJrIjoi[A-Za-z0-9]{70,}={0,2})/g, minEntropy: 3, prefix: 5 },
  { what: 'an Opsgenie API key', re: /\bGenieKey\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi, group: 1 },
  { what: 'a Stripe live key', re: /\b[rs]k_live_[0-9A-Za-z]{20,}/g, minEntropy: 3, prefix: 8 },
  { what: 'an npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, minEntropy: 3, prefix: 4 },
  { what: 'a SendGrid API key', re: /\bSG\.[\w-]{22}\.[\w-]{43}\b/g },
  { what: 'an OpenAI API key', re: /\bsk-[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}/g },
];

/** An AWS secret access key: 40 characters of base64, looked for only next to an access key id. */
const AWS_SECRET = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g;
const AWS_KEY_ID = new RegExp(AWS_KEY_ID_RULE.re.source);

/** A URL: scheme and the rest up to white space, a quote or a character that URLs escape. */
const URL_PATTERN = /\b([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/([^\s"'<>`\\{}|^]+)/g;

/** `user:password@host` without a scheme (an S3 or Redis endpoint, a connection string). */
const BARE_USER_INFO = /(?:^|[\s"'=,(])([A-Za-z0-9._~%+-]{1,128}):([^\s:@/"'`]{1,256})@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(:\d{2,5})?(?=$|[/\s"',)?#;])/g;
/** Schemes written without `//`, whose `scheme:x@host` is an address, not user info. */
const ADDRESS_SCHEMES = /^(?:mailto|tel|sip|sips|xmpp|urn|im|news|data)$/i;

/** A path segment holding `user:password` with an `@` (`https://host/x/@user:pass`). */
const PATH_USER_INFO = /^@([^:@]+):([^@]+)@?$|^([^:@]+):([^@]+)@$/;
/** Digest names: `name@sha256:...` is a content address. */
const DIGEST = /^(?:sha\d+|md5|blake\d*)$/i;

/** Hosts (and words of hosts) of services that take their credential in the webhook URL's path. */
const WEBHOOK_HOST = /(?:^|\.)(?:hooks\.slack\.com|discord(?:app)?\.com|outlook\.office(?:365)?\.com|hooks\.zapier\.com|chat\.googleapis\.com|api\.telegram\.org|events\.pagerduty\.com|maker\.ifttt\.com|api\.opsgenie\.com)$|webhook|^hooks\./i;

/**
 * `name: value`, `name=value`, `"name": "value"`, `name := value` in free text (a request body, a
 * command line, a line of an Alloy file); an `Authorization`-like value keeps its scheme word.
 */
const ASSIGNMENT = /(?:^|[^A-Za-z0-9_.])["']?([A-Za-z][A-Za-z0-9_.-]{1,60})["']?[ \t]*(?::=|[:=])[ \t]*(?:"([^"\n]{1,500})"|'([^'\n]{1,500})'|((?:(?:Bearer|Basic|Token|GenieKey|Bot|ApiKey|SSWS)[ \t]+)?[^\s"',;&)}\]]{1,500}))/g;
/** A word of a credential name, for strings worth an `ASSIGNMENT` scan. */
const CREDENTIAL_WORD = new RegExp(CREDENTIAL_WORDS, 'i');

/** The scheme word of an `Authorization` header value. */
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|GenieKey|Bot|ApiKey|SSWS|Digest|Negotiate)\s+/i;

/**
 * Field, header, parameter and variable names (lower-case, without separators) whose value is a
 * credential whatever it looks like.
 */
const STRONG_NAMES = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'apikey', 'apitoken', 'apisecret', 'accesstoken', 'authtoken',
  'bearertoken', 'refreshtoken', 'idtoken', 'sessiontoken', 'securitytoken', 'clientsecret', 'secretkey', 'secretaccesskey', 'privatekey',
  'routingkey', 'servicekey', 'integrationkey', 'geniekey', 'authorization', 'proxyauthorization', 'credentials', 'credential', 'xapikey',
  'xapitoken', 'xauthtoken', 'xaccesstoken', 'privatetoken', 'webhooksecret', 'signingkey', 'signingsecret', 'masterkey', 'encryptionkey',
  'cookie', 'signature', 'xamzsignature', 'xamzsecuritytoken', 'xgooglesignature',
]);
/** Suffixes of such names (`REDIS_PASSWORD`, `X-Gitlab-Api-Key`, `slackBotToken`... see `WEAK_SUFFIX`). */
const STRONG_SUFFIX = /(?:password|passwd|passphrase|apikey|apitoken|apisecret|accesstoken|authtoken|bearertoken|secretkey|secretaccesskey|privatekey|clientsecret|routingkey|servicekey|integrationkey|geniekey|authorization|credentials)$/;
/**
 * Suffixes of names that often hold a credential, but also a Secret's name (`existingSecret`,
 * `alertmanager-config-secret`): only a random-looking value counts.
 */
const WEAK_SUFFIX = /(?:token|secret|pwd)$/;
/**
 * Credential-named fields that hold a name in one list of Alertmanager receivers: a VictorOps (Splunk On-Call)
 * `routing_key` names the team an incident goes to (Alertmanager keeps it in plain text; the credential is the
 * `api_key`), unlike PagerDuty's. By the list that holds the field, in both renderings.
 */
const NAMES_IN_LIST: { [list: string]: string } = { victorops_configs: 'routing_key', victoropsConfigs: 'routingKey' };
/** Names about a credential rather than holding one (`existingSecret`, `automountServiceAccountToken`, `maxTokens`). */
const NOT_A_CREDENTIAL = /^(?:existing|use|enable|disable|has|is|require|skip|insecure|allow|max|min|num|count|automount)/;
/** Query parameters that carry a credential only when the value looks random (`key`, `sig`, `auth`). */
const WEAK_QUERY_NAMES = new Set(['key', 'sig', 'auth', 'code', 'hash']);

/** Values that stand for a credential without being one. */
const PLACEHOLDER = /^(?:\*+|x+|\.+|-+|_+|#+|\?+|0+|redacted|removed|hidden|masked|changeme|change-me|none|null|nil|undefined|true|false|yes|no|on|off|example|sample|dummy|placeholder|secret|password|token|required|optional|empty|unset|your[-_ a-z]*|<[^>]*>|\[[^\]]*\])$/i;
/** References that the consuming tool resolves: templates, environment variables, files. */
const REFERENCE = /\{\{|\$\{|\$\(|\$__|%\(|#\{|\benv\(|^\$[A-Za-z_]|^(?:\/|\.\.?\/|~\/|file:)|EXAMPLE/;

/** Bits of information per character (Shannon). */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Letters and digits mixed, of some length and entropy: a generated value, not a word or a name. */
function looksRandom(s: string, minLength: number): boolean {
  return s.length >= minLength && /\d/.test(s) && /[A-Za-z]/.test(s) && entropy(s) >= 3;
}

/** Whether `value` is a literal (not a reference or a placeholder) that could be a credential. */
function isLiteral(value: string, strict: boolean): boolean {
  const s = value.trim().replace(AUTH_SCHEME, '');
  if (s.length < (strict ? 8 : 6) || /\s/.test(s) || PLACEHOLDER.test(s) || REFERENCE.test(s)) return false;
  if (strict) return looksRandom(s, 8);
  // a password of letters only is rare; a long name-like value under a credential name is not
  return /\d/.test(s) || /[a-z][A-Z]/.test(s) || /[^A-Za-z0-9._-]/.test(s) || s.length >= 12;
}

const NAME_CACHE = new Map<string, 'strong' | 'weak' | undefined>();

/**
 * How surely a field, header or variable named `name` holds a credential: `strong` (its value is one
 * unless it is a reference), `weak` (only a random-looking value), undefined (not a credential name).
 */
function credentialName(name: string): 'strong' | 'weak' | undefined {
  if (NAME_CACHE.has(name)) return NAME_CACHE.get(name);
  // an annotation's or label's prefix (`example.com/`) says nothing about the value
  const n = name.slice(name.lastIndexOf('/') + 1).toLowerCase().replace(/[^a-z0-9]/g, '');
  let kind: 'strong' | 'weak' | undefined;
  if (STRONG_NAMES.has(n)) kind = 'strong';
  else if (NOT_A_CREDENTIAL.test(n)) kind = undefined;
  else if (STRONG_SUFFIX.test(n)) kind = 'strong';
  else if (WEAK_SUFFIX.test(n)) kind = 'weak';
  if (NAME_CACHE.size < 10000) NAME_CACHE.set(name, kind);
  return kind;
}

/**
 * Whether a field, header or variable named `name` holds a credential whatever its value looks like
 * (`Authorization`, `Cookie`, `X-Api-Key`, `X-Auth-Token`, `Private-Token`, `REDIS_PASSWORD`...): the
 * names the scan reports any literal value of, for constructs that refuse such a field outright.
 * @internal
 */
export function isCredentialName(name: string): boolean {
  return credentialName(name) === 'strong';
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The findings of rules that look at one string on its own. */
function scanText(text: string, hits: Hit[]): void {
  for (const rule of TOKEN_RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
      const secret = m[rule.group ?? 0];
      if (rule.example?.test(secret)) continue;
      if (rule.minEntropy !== undefined && entropy(secret.slice(rule.prefix ?? 0)) < rule.minEntropy) continue;
      hits.push({ what: rule.what, secret });
    }
  }
  if (hits.some((h) => h.what === AWS_KEY_ID_RULE.what)) awsSecrets(text, hits);
  if (text.includes('://')) {
    URL_PATTERN.lastIndex = 0;
    for (let m = URL_PATTERN.exec(text); m !== null; m = URL_PATTERN.exec(text)) scanUrl(m[2], hits);
  }
  if (text.includes('@')) {
    BARE_USER_INFO.lastIndex = 0;
    for (let m = BARE_USER_INFO.exec(text); m !== null; m = BARE_USER_INFO.exec(text)) {
      const [, user, password, host, port] = m;
      if (ADDRESS_SCHEMES.test(user) || DIGEST.test(host) || (!host.includes('.') && port === undefined)) continue;
      if (isLiteral(password, false)) hits.push({ what: 'a password in a user:password@host address', secret: password });
    }
  }
  if (CREDENTIAL_WORD.test(text)) {
    ASSIGNMENT.lastIndex = 0;
    for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
      const kind = credentialName(m[1]);
      const value = m[2] ?? m[3] ?? m[4];
      if (kind !== undefined && isLiteral(value, kind === 'weak')) {
        hits.push({ what: `a literal value assigned to "${m[1]}"`, secret: value.trim().replace(AUTH_SCHEME, '') });
      }
    }
  }
}

/** 40-character secrets in a string that holds an AWS access key id. */
function awsSecrets(text: string, hits: Hit[]): void {
  AWS_SECRET.lastIndex = 0;
  for (let m = AWS_SECRET.exec(text); m !== null; m = AWS_SECRET.exec(text)) {
    if (/\d/.test(m[0]) && /[a-z]/.test(m[0]) && /[A-Z]/.test(m[0]) && entropy(m[0]) >= 4 && !REFERENCE.test(m[0])) {
      hits.push({ what: 'an AWS secret access key (next to an access key id)', secret: m[0] });
    }
  }
}

/** User info, credential query parameters and webhook tokens of one URL (`rest` is what follows `://`). */
function scanUrl(rest: string, hits: Hit[]): void {
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const after = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const host = authority.slice(at + 1).replace(/:\d*$/, '');
  if (at >= 0) {
    const userInfo = authority.slice(0, at);
    const colon = userInfo.indexOf(':');
    if (colon >= 0) {
      const password = decodeComponent(userInfo.slice(colon + 1));
      if (password !== '' && !PLACEHOLDER.test(password) && !REFERENCE.test(password)) hits.push({ what: "a password in a URL's user info", secret: password });
    } else if (looksRandom(userInfo, 20)) {
      hits.push({ what: "a token as a URL's user name", secret: userInfo });
    }
  }
  const query = after.indexOf('?');
  const fragment = after.indexOf('#');
  const pathEnd = query >= 0 ? query : fragment >= 0 ? fragment : after.length;
  const segments = after.slice(0, pathEnd).split('/');
  const webhook = WEBHOOK_HOST.test(host) || /hook/i.test(after.slice(0, pathEnd));
  for (const segment of segments) {
    const pair = PATH_USER_INFO.exec(segment);
    if (pair !== null) {
      const user = pair[1] ?? pair[3];
      const password = decodeComponent(pair[2] ?? pair[4]);
      if (!DIGEST.test(user) && !PLACEHOLDER.test(password) && !REFERENCE.test(password)) {
        hits.push({ what: "a user:password pair in a URL's path", secret: password });
        continue;
      }
    }
    if (webhook && looksRandom(segment, 16)) hits.push({ what: "a token in a webhook URL's path", secret: segment });
  }
  // the query and a fragment of parameters (`#access_token=...`)
  for (const part of [query >= 0 ? after.slice(query + 1, fragment > query ? fragment : undefined) : '', fragment >= 0 ? after.slice(fragment + 1) : '']) {
    if (!part.includes('=')) continue;
    for (const param of part.split(/[&;]/)) {
      const eq = param.indexOf('=');
      if (eq <= 0) continue;
      const name = decodeComponent(param.slice(0, eq));
      const value = decodeComponent(param.slice(eq + 1));
      const kind = WEAK_QUERY_NAMES.has(name.toLowerCase()) ? 'weak' : credentialName(name);
      const literal = kind === 'weak' ? looksRandom(value, 12) && !REFERENCE.test(value) : kind === 'strong' && value.length >= 4 && !PLACEHOLDER.test(value) && !REFERENCE.test(value);
      if (literal) hits.push({ what: `a credential in the query parameter "${name}" of a URL`, secret: value });
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Walking an object

/** A key of a field pointer: `.name`, `["odd.name"]`, `[3]`. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Collects the findings of one Kubernetes object, by field pointer, in document order. */
class ObjectScan {
  public readonly found = new Map<string, Hit[]>();
  /** The pointer of the embedded file or line being walked (`data["dash.json"]`), or ''. */
  private prefix = '';
  private readonly segments: Array<string | number> = [];

  public constructor(private readonly kind: unknown) {}

  public document(doc: unknown): void {
    if (!isObject(doc)) {
      this.visit(doc, undefined, undefined);
      return;
    }
    Object.keys(doc).forEach((key, index) => {
      const value = doc[key];
      this.segments.push(key);
      this.scanKey(key, index);
      if ((key === 'data' || key === 'stringData' || key === 'binaryData') && isObject(value)) {
        // a ConfigMap's or Secret's files: base64 for a Secret's data and any binaryData
        const base64 = key === 'binaryData' || (key === 'data' && this.kind === 'Secret');
        Object.keys(value).forEach((name, i) => {
          this.segments.push(name);
          this.scanKey(name, i);
          const text = value[name];
          if (typeof text === 'string') this.file(name, base64 ? decodeBase64(text) : text);
          else this.visit(text, name, value);
          this.segments.pop();
        });
      } else {
        this.visit(value, key, doc);
      }
      this.segments.pop();
    });
  }

  private visit(value: unknown, key: string | undefined, parent: { [key: string]: unknown } | undefined): void {
    if (typeof value === 'string') {
      this.string(value, key, parent);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        this.segments.push(i);
        this.visit(value[i], undefined, undefined);
        this.segments.pop();
      }
    } else if (isObject(value)) {
      this.object(value, key);
    }
  }

  private object(obj: { [key: string]: unknown }, ownKey: string | undefined): void {
    // every literal under Grafana's secureJsonData is a credential by definition
    const secure = ownKey === 'secureJsonData';
    let keyIndex = 0;
    let awsKeyId = false;
    for (const key in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
      const value = obj[key];
      this.segments.push(key);
      this.scanKey(key, keyIndex++);
      if (secure && typeof value === 'string' && isLiteral(value, false)) {
        this.hit({ what: 'a literal value in secureJsonData', secret: value });
      }
      if (typeof value === 'string') awsKeyId = this.string(value, key, obj) || awsKeyId;
      else this.visit(value, key, obj);
      this.segments.pop();
    }
    // `{ name: REDIS_PASSWORD, value: ... }`: an environment variable or a header given as a list
    const name = typeof obj.name === 'string' ? obj.name : typeof obj.key === 'string' ? obj.key : obj.header;
    if (typeof name === 'string' && typeof obj.value === 'string') {
      const kind = credentialName(name);
      if (kind !== undefined && isLiteral(obj.value, kind === 'weak')) {
        this.segments.push('value');
        this.hit({ what: `a literal value of ${quote(name)}`, secret: obj.value.trim().replace(AUTH_SCHEME, '') });
        this.segments.pop();
      }
    }
    // an access key id in one field, its secret in a sibling
    if (awsKeyId) {
      for (const key of Object.keys(obj)) {
        const value = obj[key];
        if (typeof value !== 'string' || AWS_KEY_ID.test(value)) continue;
        const hits: Hit[] = [];
        awsSecrets(value, hits);
        this.segments.push(key);
        for (const h of hits) this.hit(h);
        this.segments.pop();
      }
    }
  }

  /** Scans a string value (of the field `key` of `parent`, if any); returns whether it holds an AWS access key id. */
  private string(value: string, key: string | undefined, parent: { [key: string]: unknown } | undefined): boolean {
    // segments end with the list, the index in it and the key: victorops_configs[0].routing_key
    const list = this.segments[this.segments.length - 3];
    if (key !== undefined && parent !== undefined && !(typeof list === 'string' && NAMES_IN_LIST[list] === key)) {
      const kind = credentialName(key);
      if (kind !== undefined && isLiteral(value, kind === 'weak')) {
        this.hit({ what: `a literal value of the credential field ${quote(key)}`, secret: value.trim().replace(AUTH_SCHEME, '') });
      }
    }
    if (value.length < 8 || !mayHold(value)) return false;
    const hits: Hit[] = [];
    scanText(value, hits);
    for (const h of hits) this.hit(h);
    return hits.some((h) => h.what === AWS_KEY_ID_RULE.what);
  }

  /** An object key: the rules on its text (a label key that is a token). */
  private scanKey(key: string, index: number): void {
    if (key.length < 8 || !keyMayHold(key)) return;
    const hits: Hit[] = [];
    scanText(key, hits);
    if (hits.length === 0) return;
    const last = this.segments.pop()!;
    this.segments.push(`<key ${index}>`);
    for (const h of hits) this.hit(h);
    this.segments.pop();
    this.segments.push(last);
  }

  /**
   * An embedded file (a value of `data`/`stringData`): parsed as JSON or YAML and walked with its pointer
   * as prefix (`data["dash.json"] > panels[3].description`), or scanned line by line (`> line 12`). Only
   * when the whole text passes the prefilter: most files are skipped unparsed.
   */
  private file(name: string, text: string | undefined): void {
    if (text === undefined) return;
    if (!text.includes('\n')) {
      // a one-line value: under its key's name, as any field (a Secret's `password: ...`)
      this.string(text, name, {});
      return;
    }
    if (!mayHold(text)) return;
    const outerPrefix = this.prefix;
    const outerSegments = this.segments.splice(0);
    this.prefix = pointerOf(outerPrefix, outerSegments);
    try {
      const parsed = parseFile(name, text);
      if (parsed === CLEAN) {
        // a YAML file none of whose lines shows anything
      } else if (parsed !== undefined) {
        this.visit(parsed.value, undefined, undefined);
      } else {
        const filePrefix = this.prefix;
        text.split('\n').forEach((line, i) => {
          if (line.length < 8 || !mayHold(line)) return;
          this.prefix = `${filePrefix} > line ${i + 1}`;
          const hits: Hit[] = [];
          scanText(line, hits);
          for (const h of hits) this.hit(h);
        });
      }
    } finally {
      this.prefix = outerPrefix;
      this.segments.push(...outerSegments);
    }
  }

  private hit(h: Hit): void {
    const field = pointerOf(this.prefix, this.segments);
    const list = this.found.get(field);
    if (list === undefined) this.found.set(field, [h]);
    else if (!list.some((x) => x.secret === h.secret || x.secret.includes(h.secret) || h.secret.includes(x.secret))) list.push(h);
  }
}

/** `prefix > a.b[0]["c.d"]` (or the prefix alone, or the segments alone). */
function pointerOf(prefix: string, segments: Array<string | number>): string {
  let s = '';
  for (const seg of segments) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (seg.startsWith('<key ')) s += s === '' ? seg : `.${seg}`;
    else if (IDENTIFIER.test(seg)) s += s === '' ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  if (prefix === '') return s;
  return s === '' ? prefix : `${prefix} > ${s}`;
}

/** What `parseFile` returns for a YAML file that cannot hold a finding. */
const CLEAN = { value: undefined };

/**
 * A JSON or YAML file's content; `CLEAN` for a YAML file without anything to find; undefined for other
 * text (scanned by lines).
 */
function parseFile(name: string, text: string): { value: unknown } | undefined {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return { value: JSON.parse(text) };
    } catch {
      // not JSON after all
    }
  }
  // js-yaml is slow to warm up: a YAML file is parsed only when a line shows something to locate
  if (/\.ya?ml$/i.test(name)) {
    if (!yamlMayHold(text)) return CLEAN;
    try {
      const value = yaml.load(text);
      if (typeof value === 'object' && value !== null) return { value };
    } catch {
      // several documents, or not YAML
    }
  }
  return undefined;
}

/** A line `key: value` or `- key: value` of block YAML. */
const YAML_KEY_LINE = /^\s*(?:-\s+)*(["']?)([^"'#\s][^"'#]*?)\1\s*:(?:\s+(.*))?$/;

/**
 * Whether a YAML file may hold a finding, seen line by line: a line that a rule finds something in, a
 * credential-named key with a literal or a block scalar, a `name:` (of a `name`/`value` pair) that is a
 * credential name, or Grafana's `secureJsonData`.
 */
function yamlMayHold(text: string): boolean {
  for (const line of text.split('\n')) {
    if (!mayHold(line)) continue;
    const hits: Hit[] = [];
    scanText(line, hits);
    if (hits.length > 0 || /securejsondata/i.test(line)) return true;
    const m = YAML_KEY_LINE.exec(line);
    if (m === null) continue;
    const value = (m[3] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2');
    const kind = credentialName(m[2]);
    if (kind !== undefined && (/^[|>]/.test(value) || isLiteral(value, kind === 'weak'))) return true;
    if ((m[2] === 'name' || m[2] === 'key' || m[2] === 'header') && credentialName(value) !== undefined) return true;
  }
  return false;
}

/** The text of a base64 value, when it is text (a binary file cannot be scanned). */
function decodeBase64(value: string): string | undefined {
  const text = Buffer.from(value, 'base64').toString('utf8');
  // eslint-disable-next-line no-control-regex
  return text.includes('\ufffd') || /[\x00-\x08\x0e-\x1f]/.test(text) ? undefined : text;
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `"ghp_…", 40 characters`: at most the first 4 characters, fewer of a short value. */
function redact(secret: string): string {
  return `"${excerpt(secret)}", ${secret.length} characters`;
}

/** `ghp_…`: at most the first 4 characters of a secret and an ellipsis, fewer of a short value. */
function excerpt(secret: string): string {
  const shown = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0;
  return `${secret.slice(0, shown)}…`;
}

/** Path segments longer than this are cut in `redactUrl` (a token in a webhook path). */
const LONG_SEGMENT = 16;

/**
 * A URL (or any text given as one) to quote in an error message without the credentials it may hold:
 * user info as `***@`, every query parameter's value and the fragment as `***`, path segments of
 * more than 16 characters cut to their first 4 (`https://***@hooks.example.com/services/T0AB…?token=***`).
 * @internal
 */
export function redactUrl(url: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(url)?.[0] ?? '';
  let rest = url.slice(scheme.length);
  const hash = rest.indexOf('#');
  const fragment = hash >= 0 ? (hash < rest.length - 1 ? '#***' : '#') : '';
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const query = question >= 0 ? rest.slice(question + 1) : undefined;
  if (question >= 0) rest = rest.slice(0, question);
  const slash = rest.indexOf('/');
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? `***@${authority.slice(at + 1)}` : authority;
  const cut = (segment: string) => (segment.length > LONG_SEGMENT ? excerpt(segment) : segment);
  const path = slash >= 0 ? rest.slice(slash).split('/').map(cut).join('/') : '';
  const params = query === undefined ? '' : `?${query.split('&').map((p) => {
    const eq = p.indexOf('=');
    return eq >= 0 ? `${cut(p.slice(0, eq))}=${eq < p.length - 1 ? '***' : ''}` : cut(p);
  }).join('&')}`;
  return `${scheme}${host}${path}${params}${fragment}`;
}

function describe(hits: Hit[]): string {
  return hits.map((h) => `${h.what} (${redact(h.secret)})`).join(', and ');
}

// ---------------------------------------------------------------------------------------------------
// Acknowledgements and the synthesis pass

const ALLOWS = new WeakMap<IConstruct, Allow[]>();

/** At most this many findings are listed in one error (a token in a chart label is in every object). */
const MAX_LISTED = 50;

/**
 * The findings of a synthesis: each rendered object is scanned with its construct path; once every
 * object is rendered, `finish()` throws them all at once (before any file is written) and warns of
 * acknowledgements that matched nothing.
 * @internal
 */
export class SecretScanPass {
  private readonly findings: Array<{ path: string; kind: unknown; finding: SecretScanFinding }> = [];
  private readonly used = new Set<Allow>();

  /** Scans one rendered object of `owner` (its ApiObject, or the chart of an overridden `toJson()`). */
  public add(owner: IConstruct, manifest: unknown): void {
    const kind = isObject(manifest) ? manifest.kind : undefined;
    for (const finding of scanDocument(manifest)) {
      const allow = allowFor(owner, finding.field);
      if (allow !== undefined) this.used.add(allow);
      else this.findings.push({ path: owner.node.path, kind, finding });
    }
  }

  /** The error lines (`[path] field: ...; hint`), at most `MAX_LISTED` and a count of the others. */
  public lines(where: (path: string) => string): string[] {
    const lines = this.findings.slice(0, MAX_LISTED).map((f) => `${where(f.path)} ${f.finding.field}: looks like ${f.finding.description}; ${hint(f.kind, f.finding.field)}`);
    if (this.findings.length > MAX_LISTED) lines.push(`... and ${this.findings.length - MAX_LISTED} more`);
    return lines;
  }

  /** Warns on every acknowledgement at or under `constructs` that matched no finding. */
  public warnStale(constructs: IConstruct[]): void {
    for (const c of constructs) {
      for (const allow of ALLOWS.get(c) ?? []) {
        if (this.used.has(allow)) continue;
        // the same field flagged on an object outside the acknowledging construct: a scope mistake, not a stale value
        const elsewhere = this.findings.find((f) => f.finding.field === allow.field);
        SynthWarnings.add(c, elsewhere !== undefined
          ? `SecretScan.allow: ${quote(allow.field)} is a field of ${elsewhere.path}, which is not this construct nor under it; acknowledge it on ${elsewhere.path} or one of its parents`
          : `SecretScan.allow: nothing at ${quote(allow.field)} looks like a credential any more (reason given: ${quote(allow.reason)}); remove the acknowledgement`);
      }
    }
  }

  /** The error of every finding, if any. */
  public error(): string | undefined {
    if (this.findings.length === 0) return undefined;
    return `secret scan: ${this.findings.length} value(s) of the output look like credentials:\n  ${this.lines((p) => `[${p}]`).join('\n  ')}`;
  }
}

/** The fix of a finding, with the field to acknowledge it with. */
function hint(kind: unknown, field: string): string {
  const literal = field.includes("'") || field.includes('\\') ? JSON.stringify(field) : `'${field}'`;
  const keep = kind === 'Secret'
    ? 'a Secret written to the output is as readable as the rest of it: create it outside (sealed-secrets, external-secrets) and reference it with SecretRef'
    : /(^|\.)(metadata\.)?(annotations|labels)\b/.test(field)
      ? 'a label or annotation cannot reference a Secret: take the credential out of it (link to where it is kept instead)'
      : 'keep it in a Secret and reference it with SecretRef (SecretRef.fromSecret(name, key), where the construct takes one)';
  return `${keep}, or acknowledge a public value with SecretScan.allow(scope, ${literal}, 'why it is public') (scope: the construct at this path or a parent)`;
}

/** The acknowledgement of `field` on `owner` or one of its parents. */
function allowFor(owner: IConstruct, field: string): Allow | undefined {
  for (const c of owner.node.scopes) {
    const found = ALLOWS.get(c)?.find((a) => a.field === field);
    if (found !== undefined) return found;
  }
  return undefined;
}

function scanDocument(doc: unknown): SecretScanFinding[] {
  const scan = new ObjectScan(isObject(doc) ? doc.kind : undefined);
  scan.document(doc);
  return [...scan.found].map(([field, hits]) => ({ field, description: describe(hits) }));
}

/**
 * A check, at synth, that no credential reaches the output through a plain string: every string of every
 * synthesized object (keys and values, metadata included) and of the files they embed (dashboard JSON,
 * `alertmanager.yaml`, Loki, Promtail and Alloy configurations in ConfigMaps and Secrets) is scanned for
 *
 * - well-known token formats: Slack tokens and webhook URLs, GitHub (`ghp_`, `github_pat_`...), GitLab
 *   (`glpat-`...), AWS access key ids (and the secret keys next to them), Google API keys, Grafana, Stripe,
 *   npm, SendGrid and OpenAI keys, Opsgenie `GenieKey` headers, JSON Web Tokens, PEM private keys;
 * - URLs with a password (`https://user:pass@host`, `postgres://u:p@h/db`, also `user:pass@host` without
 *   a scheme), credential query parameters (`?token=`, `api_key`, `access_token`, `password`, `sig`...),
 *   random-looking path segments of webhook URLs;
 * - literal values of credential-named fields, headers and variables (`password`, `X-Api-Key`,
 *   `Authorization`, `routing_key`, `{ name: DB_PASSWORD, value: ... }`, `api_key=...` in a request body,
 *   anything under Grafana's `secureJsonData`), where a reference (`${VAR}`, `{{ ... }}`, `$__file{...}`,
 *   a file path) is not one.
 *
 * Findings fail the synthesis, all at once and before any file is written (`MonitoringApp.synth()` and `MonitoringApp.synthAll()`; and
 * `app.synth()`/`Testing.synth()` through each `MonitoringChart`'s validation), each with the construct
 * path, the field and what the value looks like, never the value itself (at most its first 4 characters).
 * Kubernetes Secret objects are scanned like the rest: the only one the library writes, the Alertmanager
 * configuration, holds `*_file` paths, and a literal credential in a Secret manifest is in the output
 * all the same.
 *
 * @example
 * // a status page whose token is meant to be public
 * SecretScan.allow(statusProbe, 'data["blackbox.yml"] > modules.status.http.body', 'public read-only status page key');
 */
export class SecretScan {
  /**
   * Acknowledges that the value at `field` of the objects synthesized from `scope` (or its children) is
   * public although it looks like a credential. Copy the field from the error message; there are no
   * wildcards, and an acknowledgement that matches nothing at synth is reported as a warning
   * (`SynthWarnings`), so that stale ones are noticed.
   *
   * @param scope the construct named in the error (a Kubernetes object's construct) or one of its parents, not the app
   * @param field the field as the error names it, e.g. `spec.groups[0].rules[1].annotations.runbook_url`
   * @param reason why the value is public, for whoever reads the code
   *
   * @example
   * // [shop/Alerts/Resource] spec.groups[0].rules[1].annotations.map: looks like a Google API key ("AIza…", 39 characters); ...
   * SecretScan.allow(alerts, 'spec.groups[0].rules[1].annotations.map', 'browser key of the public status map, restricted by referrer');
   */
  public static allow(scope: IConstruct, field: string, reason: string): void {
    requireConstruct(scope, 'scope', 'the construct named in the secret scan error');
    requireString(field, 'field', "'spec.groups[0].rules[1].annotations.runbook_url'");
    requireString(reason, 'reason', "'public status page key'");
    if (scope.node.scope === undefined) {
      throw ValidationError.at(scope, 'SecretScan.allow: scope must be the construct of the value or a parent below the app; an acknowledgement for a whole app is not per field');
    }
    if (field.trim() === '') throw ValidationError.at(scope, "SecretScan.allow: field must name the field of the finding, e.g. 'metadata.annotations.runbook'");
    if (reason.trim() === '') throw ValidationError.at(scope, `SecretScan.allow ${quote(field)}: reason must not be empty; say why the value is public`);
    const list = ALLOWS.get(scope) ?? [];
    if (!list.some((a) => a.field === field)) list.push({ scope, field, reason: reason.trim() });
    ALLOWS.set(scope, list);
  }

  /**
   * The values of one synthesized object (a Kubernetes manifest as `ApiObject.toJson()` returns it) that
   * look like credentials, acknowledgements not applied.
   * @param manifest a JSON-shaped object
   */
  public static scan(manifest: unknown): SecretScanFinding[] {
    return scanDocument(manifest);
  }
}
