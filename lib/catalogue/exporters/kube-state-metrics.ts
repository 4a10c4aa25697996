import { MetricCatalogue } from '../metric-catalogue';
import { MetricType } from '../metric';
import { many } from './define';

const { COUNTER, GAUGE } = MetricType;

/**
 * The most used kube-state-metrics (v2) series: pods, containers, workloads, jobs, nodes, volumes, HPAs.
 * `kube_*_labels` and `kube_*_annotations` carry `label_*` labels built from the objects, so their labels
 * are left open.
 * @see https://github.com/kubernetes/kube-state-metrics/tree/main/docs
 * @internal
 */
export function kubeStateMetrics(): MetricCatalogue {
  const pod = ['namespace', 'pod', 'uid'];
  const container = [...pod, 'container'];
  const deployment = ['namespace', 'deployment'];
  const statefulset = ['namespace', 'statefulset'];
  const daemonset = ['namespace', 'daemonset'];
  const job = ['namespace', 'job_name'];
  const cronjob = ['namespace', 'cronjob'];
  const hpa = ['namespace', 'horizontalpodautoscaler'];
  const pvc = ['namespace', 'persistentvolumeclaim'];
  const bool = ['true', 'false', 'unknown'];
  const waitingReasons = ['ContainerCreating', 'CrashLoopBackOff', 'CreateContainerConfigError', 'CreateContainerError', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName'];
  const terminatedReasons = ['OOMKilled', 'Completed', 'Error', 'ContainerCannotRun', 'DeadlineExceeded', 'Evicted'];
  return MetricCatalogue.of('kube-state-metrics', [
    { name: 'kube_pod_info', type: GAUGE, labels: [...pod, 'host_ip', 'pod_ip', 'node', 'created_by_kind', 'created_by_name', 'priority_class', 'host_network'], help: 'Information about pod.' },
    { name: 'kube_pod_status_phase', type: GAUGE, labels: [...pod, 'phase'], labelValues: { phase: ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] }, help: 'The pods current phase.' },
    { name: 'kube_pod_status_ready', type: GAUGE, labels: [...pod, 'condition'], labelValues: { condition: bool }, help: 'Describes whether the pod is ready to serve requests.' },
    { name: 'kube_pod_status_scheduled', type: GAUGE, labels: [...pod, 'condition'], labelValues: { condition: bool }, help: 'Describes the status of the scheduling process for the pod.' },
    { name: 'kube_pod_status_reason', type: GAUGE, labels: [...pod, 'reason'], labelValues: { reason: ['Evicted', 'NodeAffinity', 'NodeLost', 'Shutdown', 'UnexpectedAdmissionError'] }, help: 'The pod status reasons.' },
    { name: 'kube_pod_owner', type: GAUGE, labels: [...pod, 'owner_kind', 'owner_name', 'owner_is_controller'], help: "Information about the Pod's owner." },
    { name: 'kube_pod_labels', type: GAUGE, help: 'Kubernetes labels converted to Prometheus labels (label_*).' },
    { name: 'kube_pod_annotations', type: GAUGE, help: 'Kubernetes annotations converted to Prometheus labels (annotation_*).' },
    ...many(GAUGE, pod, {
      kube_pod_created: 'Unix creation timestamp.',
      kube_pod_start_time: 'Start time in unix timestamp for a pod.',
      kube_pod_completion_time: 'Completion time in unix timestamp for a pod.',
    }),
    { name: 'kube_pod_container_info', type: GAUGE, labels: [...container, 'container_id', 'image', 'image_id', 'image_spec'], help: 'Information about a container in a pod.' },
    { name: 'kube_pod_container_status_restarts_total', type: COUNTER, labels: container, help: 'The number of container restarts per container.' },
    ...many(GAUGE, container, {
      kube_pod_container_status_ready: 'Describes whether the containers readiness check succeeded.',
      kube_pod_container_status_running: 'Describes whether the container is currently in running state.',
      kube_pod_container_status_terminated: 'Describes whether the container is currently in terminated state.',
      kube_pod_container_status_waiting: 'Describes whether the container is currently in waiting state.',
    }),
    { name: 'kube_pod_container_status_waiting_reason', type: GAUGE, labels: [...container, 'reason'], labelValues: { reason: waitingReasons }, help: 'Describes the reason the container is currently in waiting state.' },
    { name: 'kube_pod_container_status_terminated_reason', type: GAUGE, labels: [...container, 'reason'], labelValues: { reason: terminatedReasons }, help: 'Describes the reason the container is currently in terminated state.' },
    { name: 'kube_pod_container_status_last_terminated_reason', type: GAUGE, labels: [...container, 'reason'], labelValues: { reason: terminatedReasons }, help: 'Describes the last reason the container was in terminated state.' },
    ...many(GAUGE, [...container, 'node', 'resource', 'unit'], {
      kube_pod_container_resource_requests: 'The number of requested request resource by a container.',
      kube_pod_container_resource_limits: 'The number of requested limit resource by a container.',
    }),
    ...many(GAUGE, deployment, {
      kube_deployment_spec_replicas: 'Number of desired pods for a deployment.',
      kube_deployment_status_replicas: 'The number of replicas per deployment.',
      kube_deployment_status_replicas_available: 'The number of available replicas per deployment.',
      kube_deployment_status_replicas_unavailable: 'The number of unavailable replicas per deployment.',
      kube_deployment_status_replicas_updated: 'The number of updated replicas per deployment.',
      kube_deployment_status_replicas_ready: 'The number of ready replicas per deployment.',
      kube_deployment_status_observed_generation: 'The generation observed by the deployment controller.',
      kube_deployment_metadata_generation: 'Sequence number representing a specific generation of the desired state.',
      kube_deployment_spec_paused: 'Whether the deployment is paused and will not be processed by the deployment controller.',
      kube_deployment_created: 'Unix creation timestamp.',
    }),
    { name: 'kube_deployment_status_condition', type: GAUGE, labels: [...deployment, 'condition', 'status'], labelValues: { status: bool }, help: 'The current status conditions of a deployment.' },
    { name: 'kube_deployment_labels', type: GAUGE, help: 'Kubernetes labels converted to Prometheus labels.' },
    ...many(GAUGE, statefulset, {
      kube_statefulset_replicas: 'Number of desired pods for a StatefulSet.',
      kube_statefulset_status_replicas: 'The number of replicas per StatefulSet.',
      kube_statefulset_status_replicas_ready: 'The number of ready replicas per StatefulSet.',
      kube_statefulset_status_replicas_current: 'The number of current replicas per StatefulSet.',
      kube_statefulset_status_replicas_updated: 'The number of updated replicas per StatefulSet.',
      kube_statefulset_status_observed_generation: 'The generation observed by the StatefulSet controller.',
      kube_statefulset_metadata_generation: 'Sequence number representing a specific generation of the desired state for the StatefulSet.',
    }),
    ...many(GAUGE, [...statefulset, 'revision'], {
      kube_statefulset_status_current_revision: 'Indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).',
      kube_statefulset_status_update_revision: 'Indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)',
    }),
    ...many(GAUGE, daemonset, {
      kube_daemonset_status_desired_number_scheduled: 'The number of nodes that should be running the daemon pod.',
      kube_daemonset_status_current_number_scheduled: 'The number of nodes running at least one daemon pod and are supposed to.',
      kube_daemonset_status_number_ready: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
      kube_daemonset_status_number_available: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
      kube_daemonset_status_number_unavailable: 'The number of nodes that should be running the daemon pod and have none of the daemon pod running and available.',
      kube_daemonset_status_number_misscheduled: 'The number of nodes running a daemon pod but are not supposed to.',
      kube_daemonset_status_updated_number_scheduled: 'The total number of nodes that are running updated daemon pod.',
    }),
    ...many(GAUGE, job, {
      kube_job_status_active: 'The number of actively running pods.',
      kube_job_status_succeeded: 'The number of pods which reached Phase Succeeded.',
      kube_job_spec_completions: 'The desired number of successfully finished pods the job should be run with.',
      kube_job_status_start_time: 'StartTime represents time when the job was acknowledged by the Job Manager.',
      kube_job_status_completion_time: 'CompletionTime represents time when the job was completed.',
      kube_job_created: 'Unix creation timestamp.',
    }),
    { name: 'kube_job_status_failed', type: GAUGE, labels: [...job, 'reason'], help: 'The number of pods which reached Phase Failed and the reason for failure.' },
    ...many(GAUGE, [...job, 'condition'], {
      kube_job_failed: 'The job has failed its execution.',
      kube_job_complete: 'The job has completed its execution.',
    }),
    { name: 'kube_job_owner', type: GAUGE, labels: [...job, 'owner_kind', 'owner_name', 'owner_is_controller'], help: "Information about the Job's owner." },
    ...many(GAUGE, cronjob, {
      kube_cronjob_next_schedule_time: 'Next time the cronjob should be scheduled.',
      kube_cronjob_status_last_schedule_time: 'LastScheduleTime keeps information of when was the last time the job was successfully scheduled.',
      kube_cronjob_status_last_successful_time: 'LastSuccessfulTime keeps information of when was the last time the job was completed successfully.',
      kube_cronjob_status_active: 'Active holds pointers to currently running jobs.',
      kube_cronjob_spec_suspend: 'Suspend flag tells the controller to suspend subsequent executions.',
    }),
    { name: 'kube_node_info', type: GAUGE, labels: ['node', 'kernel_version', 'os_image', 'container_runtime_version', 'kubelet_version', 'kubeproxy_version', 'provider_id', 'pod_cidr', 'internal_ip', 'system_uuid'], help: 'Information about a cluster node.' },
    { name: 'kube_node_status_condition', type: GAUGE, labels: ['node', 'condition', 'status'], labelValues: { status: bool }, help: 'The condition of a cluster node.' },
    ...many(GAUGE, ['node', 'resource', 'unit'], {
      kube_node_status_capacity: 'The capacity for different resources of a node.',
      kube_node_status_allocatable: 'The allocatable for different resources of a node that are available for scheduling.',
    }),
    { name: 'kube_node_spec_unschedulable', type: GAUGE, labels: ['node'], help: 'Whether a node can schedule new pods.' },
    { name: 'kube_node_spec_taint', type: GAUGE, labels: ['node', 'key', 'value', 'effect'], help: 'The taint of a cluster node.' },
    { name: 'kube_namespace_status_phase', type: GAUGE, labels: ['namespace', 'phase'], labelValues: { phase: ['Active', 'Terminating'] }, help: 'kubernetes namespace status phase.' },
    { name: 'kube_persistentvolumeclaim_status_phase', type: GAUGE, labels: [...pvc, 'phase'], labelValues: { phase: ['Lost', 'Bound', 'Pending'] }, help: 'The phase the persistent volume claim is currently in.' },
    { name: 'kube_persistentvolumeclaim_info', type: GAUGE, labels: [...pvc, 'storageclass', 'volumename', 'volumemode'], help: 'Information about persistent volume claim.' },
    { name: 'kube_persistentvolumeclaim_resource_requests_storage_bytes', type: GAUGE, labels: pvc, unit: 'bytes', help: 'The capacity of storage requested by the persistent volume claim.' },
    { name: 'kube_persistentvolume_status_phase', type: GAUGE, labels: ['persistentvolume', 'phase'], labelValues: { phase: ['Pending', 'Available', 'Bound', 'Released', 'Failed'] }, help: 'The phase indicates if a volume is available, bound to a claim, or released by a claim.' },
    ...many(GAUGE, hpa, {
      kube_horizontalpodautoscaler_spec_min_replicas: 'Lower limit for the number of pods that can be set by the autoscaler, default 1.',
      kube_horizontalpodautoscaler_spec_max_replicas: 'Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
      kube_horizontalpodautoscaler_status_current_replicas: 'Current number of replicas of pods managed by this autoscaler.',
      kube_horizontalpodautoscaler_status_desired_replicas: 'Desired number of replicas of pods managed by this autoscaler.',
    }),
    { name: 'kube_replicaset_owner', type: GAUGE, labels: ['namespace', 'replicaset', 'owner_kind', 'owner_name', 'owner_is_controller'], help: "Information about the ReplicaSet's owner." },
    { name: 'kube_service_info', type: GAUGE, labels: ['namespace', 'service', 'uid', 'cluster_ip', 'external_name', 'load_balancer_ip'], help: 'Information about service.' },
    { name: 'kube_resourcequota', type: GAUGE, labels: ['namespace', 'resourcequota', 'resource', 'type'], labelValues: { type: ['hard', 'used'] }, help: 'Information about resource quota.' },
  ]);
}
