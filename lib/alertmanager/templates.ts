/**
 * The default notification templates: a title, a body with each alert's summary, description, runbook
 * link and a link that opens a pre-filled silence, for chat, pager and e-mail integrations.
 *
 * The template file (`MessageTemplates.FILE_CONTENT`) is shipped in the platform `alertmanager.yaml`
 * Secret as `MessageTemplates.FILE_NAME`; the Prometheus Operator mounts that Secret at
 * `/etc/alertmanager/config/`, where the config's `templates:` entry loads it. `AlertmanagerConfig`
 * resources refer to the same template names, so the platform Alertmanager must load this file.
 *
 * Alerts are expected to carry `summary` and `description` annotations and, when they have one,
 * a `runbook_url` annotation.
 * @see https://prometheus.io/docs/alerting/latest/notifications/
 */
export class MessageTemplates {
  /** Key of the template file in the config Secret. */
  public static readonly FILE_NAME = 'observability.tmpl';
  /** Where the Prometheus Operator mounts the config Secret, so where the template file is read from. */
  public static readonly MOUNT_DIRECTORY = '/etc/alertmanager/config';

  /** Template name: one-line title with status, count and alert name. */
  public static readonly TITLE = 'observability.title';
  /** Template name: body listing each alert's summary, description, labels, runbook and silence link. */
  public static readonly TEXT = 'observability.text';
  /** Template name: URL of a new silence pre-filled with the group's common labels. */
  public static readonly SILENCE_URL = 'observability.silence_url';
  /** Template name: one-line description for pagers (PagerDuty, Opsgenie). */
  public static readonly PAGER_DESCRIPTION = 'observability.pager_description';

  /** A reference to a template by name, for use in a text field: `{{ template "name" . }}`. */
  public static ref(name: string): string {
    return `{{ template "${name}" . }}`;
  }

  /** The template file. */
  public static readonly FILE_CONTENT = `{{/* Default notification templates of cdk8s-observability. */}}

{{ define "observability.title" -}}
[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}
{{- if .CommonLabels.namespace }} ({{ .CommonLabels.namespace }}){{ end }}
{{- end }}

{{ define "observability.silence_url" -}}
{{ .ExternalURL }}/#/silences/new?filter=%7B
{{- range .CommonLabels.SortedPairs -}}
{{- if ne .Name "alertname" -}}{{ .Name }}%3D%22{{ .Value | urlquery }}%22%2C%20{{- end -}}
{{- end -}}
alertname%3D%22{{ .CommonLabels.alertname | urlquery }}%22%7D
{{- end }}

{{ define "observability.text" -}}
{{ range .Alerts -}}
*{{ if .Annotations.summary }}{{ .Annotations.summary }}{{ else }}{{ .Labels.alertname }}{{ end }}*{{ if .Labels.severity }} ({{ .Labels.severity }}){{ end }}
{{ if .Annotations.description }}{{ .Annotations.description }}
{{ end -}}
{{ if .Annotations.runbook_url }}Runbook: {{ .Annotations.runbook_url }}
{{ end -}}
Labels: {{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}
{{ end -}}
Silence: {{ template "observability.silence_url" . }}
{{- end }}

{{ define "observability.pager_description" -}}
{{ .CommonLabels.alertname }}: {{ if .CommonAnnotations.summary }}{{ .CommonAnnotations.summary }}{{ else }}{{ .Alerts.Firing | len }} firing{{ end }}
{{- end }}
`;

  private constructor() {}
}
