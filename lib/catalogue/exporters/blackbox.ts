import { MetricCatalogue } from '../metric-catalogue';
import { MetricType } from '../metric';
import { many } from './define';

const { GAUGE } = MetricType;

/**
 * The metrics of the blackbox exporter's probes (`probe_*`), as a `Probe` resource scrapes them.
 * @see https://github.com/prometheus/blackbox_exporter
 * @internal
 */
export function blackbox(): MetricCatalogue {
  return MetricCatalogue.of('blackbox-exporter', [
    ...many(GAUGE, [], {
      probe_success: 'Displays whether or not the probe was a success.',
      probe_duration_seconds: 'Returns how long the probe took to complete in seconds.',
      probe_dns_lookup_time_seconds: 'Returns the time taken for probe dns lookup in seconds.',
      probe_ip_protocol: 'Specifies whether probe ip protocol is IP4 or IP6.',
      probe_ip_addr_hash: 'Specifies the hash of IP address. It is useful to detect if the IP address changes.',
      probe_http_status_code: 'Response HTTP status code.',
      probe_http_content_length: 'Length of http content response.',
      probe_http_uncompressed_body_length: 'Length of uncompressed response body.',
      probe_http_redirects: 'The number of redirects.',
      probe_http_ssl: 'Indicates if SSL was used for the final redirect.',
      probe_http_version: 'Returns the version of HTTP of the probe response.',
      probe_http_last_modified_timestamp_seconds: 'Returns the Last-Modified HTTP response header in unixtime.',
      probe_ssl_earliest_cert_expiry: 'Returns last SSL chain expiry in unixtime.',
      probe_ssl_last_chain_expiry_timestamp_seconds: 'Returns last SSL chain expiry in timestamp.',
      probe_failed_due_to_regex: 'Indicates if probe failed due to regex.',
      probe_icmp_reply_hop_limit: 'Replied packet hop limit (TTL for ipv4).',
      probe_dns_answer_rrs: 'Returns number of entries in the answer resource record list.',
    }),
    { name: 'probe_http_duration_seconds', type: GAUGE, labels: ['phase'], labelValues: { phase: ['resolve', 'connect', 'tls', 'processing', 'transfer'] }, unit: 'seconds', help: 'Duration of http request by phase, summed over all redirects.' },
    { name: 'probe_icmp_duration_seconds', type: GAUGE, labels: ['phase'], labelValues: { phase: ['resolve', 'setup', 'rtt'] }, unit: 'seconds', help: 'Duration of icmp request by phase.' },
    { name: 'probe_tls_version_info', type: GAUGE, labels: ['version'], help: 'Returns the TLS version used or NaN when unknown.' },
    { name: 'probe_ssl_last_chain_info', type: GAUGE, labels: ['fingerprint_sha256', 'subject', 'issuer', 'subjectalternative', 'serialnumber'], help: 'Contains SSL leaf certificate information.' },
  ]);
}
