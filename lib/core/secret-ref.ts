import { quote, ValidationError } from './errors';
import { deferProblem, raiseProblem } from './problems';
import { Validate } from './validate';

/**
 * A reference to a credential (webhook URL, routing key, password, token): a key of a Kubernetes
 * `Secret`, or a file path inside the container that reads it. It never holds the credential itself,
 * so nothing the library synthesizes can contain one; there is deliberately no way to build it from a
 * plain value.
 *
 * @example
 * const slackUrl = SecretRef.fromSecret('alertmanager-slack', 'webhook-url');
 */
export class SecretRef {
  /**
   * A key of a Kubernetes `Secret` in the namespace of the object that uses it.
   *
   * The names are checked here, but an invalid reference is reported by the construct it is given to,
   * with its path and the field (`[app/chart/Config] receivers[0].slack.apiUrl: secret name: ...`);
   * `filePath()` and `toSecretKeySelector()` on their own throw it without a path. A reference never
   * used is harmless.
   * @param secretName the Secret's name (DNS-1123 subdomain)
   * @param key the key inside the Secret's `data`
   */
  public static fromSecret(secretName: string, key: string): SecretRef {
    return deferProblem(() => {
      Validate.kubernetesName(secretName, 'secret name');
      if (typeof key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253) {
        throw new ValidationError(`secret key: must consist of alphanumerics, '-', '_' or '.' (at most 253); received ${quote(key)}`);
      }
    }, () => new SecretRef(secretName, key, undefined));
  }

  /**
   * A file that the consuming process reads the credential from (a mounted Secret, a CSI volume...).
   * An invalid path is reported like an invalid `fromSecret` reference: by the construct that uses it.
   * @param path an absolute path
   */
  public static fromFile(path: string): SecretRef {
    return deferProblem(() => {
      if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
        throw new ValidationError(`secret file: must be an absolute path without white space; received ${quote(path)}`);
      }
    }, () => new SecretRef(undefined, undefined, path));
  }

  /** The Secret's name, for Secret references. */
  public readonly secretName?: string;
  /** The key in the Secret, for Secret references. */
  public readonly key?: string;
  /** The file path, for file references. */
  public readonly path?: string;

  private constructor(secretName: string | undefined, key: string | undefined, path: string | undefined) {
    this.secretName = secretName;
    this.key = key;
    this.path = path;
  }

  /**
   * The path at which the consuming process finds the credential: a file reference's own path, or
   * `<mountRoot>/<secretName>/<key>` for a Secret mounted under `mountRoot` (as the Prometheus Operator
   * mounts `Alertmanager.spec.secrets` under `/etc/alertmanager/secrets`).
   */
  public filePath(mountRoot: string): string {
    raiseProblem(this);
    if (this.path !== undefined) return this.path;
    return `${mountRoot.replace(/\/$/, '')}/${this.secretName}/${this.key}`;
  }

  /**
   * The Kubernetes `SecretKeySelector` (`{ name, key }`) of a Secret reference.
   * @throws ValidationError for a file reference, which has no Secret
   */
  public toSecretKeySelector(): { name: string; key: string } {
    raiseProblem(this);
    if (this.secretName === undefined || this.key === undefined) {
      throw new ValidationError(`a Secret key reference is required here (SecretRef.fromSecret(name, key)); received the file reference ${quote(this.path)}`);
    }
    return { name: this.secretName, key: this.key };
  }

  /** A human-readable description that never includes a value: `secret alertmanager-slack/webhook-url`. */
  public describe(): string {
    return this.path !== undefined ? `file ${this.path}` : `secret ${this.secretName}/${this.key}`;
  }

  /** Refuses to be rendered as a plain string, so a reference can never leak into output by interpolation. */
  public toString(): string {
    throw new Error(`SecretRef (${this.describe()}) cannot be rendered as a plain value; use filePath() or toSecretKeySelector()`);
  }

  /** Refuses JSON serialization, for the same reason as `toString()`. */
  public toJSON(): never {
    throw new Error(`SecretRef (${this.describe()}) cannot be serialized; use filePath() or toSecretKeySelector()`);
  }
}
