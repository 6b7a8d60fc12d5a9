import type { MessageTable } from '../schema.ts'

// The messages of the API groups reachable from the kinds kubectl 1.32 sends as protobuf, taken from the v1.32
// generated.proto files (field numbers, types) and types.go struct tags (JSON names, pointers,
// omitempty, inlined structs). Notation in ../schema.ts.

/** k8s.io/api/apps/v1 */
export const APPS_V1: MessageTable = {
  DaemonSet: 'metadata=1:meta.ObjectMeta spec=2:apps.DaemonSetSpec status=3:apps.DaemonSetStatus',
  DaemonSetCondition:
    'type=1:string! status=2:string! lastTransitionTime=3:Time reason=4:string message=5:string',
  DaemonSetSpec:
    'selector=1:meta.LabelSelector*! template=2:core.PodTemplateSpec! updateStrategy=3:apps.DaemonSetUpdateStrategy minReadySeconds=4:int32 revisionHistoryLimit=6:int32*',
  DaemonSetStatus:
    'currentNumberScheduled=1:int32! numberMisscheduled=2:int32! desiredNumberScheduled=3:int32! numberReady=4:int32! observedGeneration=5:int64 updatedNumberScheduled=6:int32 numberAvailable=7:int32 numberUnavailable=8:int32 collisionCount=9:int32* conditions=10:[]apps.DaemonSetCondition',
  DaemonSetUpdateStrategy: 'type=1:string rollingUpdate=2:apps.RollingUpdateDaemonSet*',
  Deployment:
    'metadata=1:meta.ObjectMeta spec=2:apps.DeploymentSpec status=3:apps.DeploymentStatus',
  DeploymentCondition:
    'type=1:string! status=2:string! lastUpdateTime=6:Time lastTransitionTime=7:Time reason=4:string message=5:string',
  DeploymentSpec:
    'replicas=1:int32* selector=2:meta.LabelSelector*! template=3:core.PodTemplateSpec! strategy=4:apps.DeploymentStrategy minReadySeconds=5:int32 revisionHistoryLimit=6:int32* paused=7:bool progressDeadlineSeconds=9:int32*',
  DeploymentStatus:
    'observedGeneration=1:int64 replicas=2:int32 updatedReplicas=3:int32 readyReplicas=7:int32 availableReplicas=4:int32 unavailableReplicas=5:int32 conditions=6:[]apps.DeploymentCondition collisionCount=8:int32*',
  DeploymentStrategy: 'type=1:string rollingUpdate=2:apps.RollingUpdateDeployment*',
  ReplicaSet:
    'metadata=1:meta.ObjectMeta spec=2:apps.ReplicaSetSpec status=3:apps.ReplicaSetStatus',
  ReplicaSetCondition:
    'type=1:string! status=2:string! lastTransitionTime=3:Time reason=4:string message=5:string',
  ReplicaSetSpec:
    'replicas=1:int32* minReadySeconds=4:int32 selector=2:meta.LabelSelector*! template=3:core.PodTemplateSpec',
  ReplicaSetStatus:
    'replicas=1:int32! fullyLabeledReplicas=2:int32 readyReplicas=4:int32 availableReplicas=5:int32 observedGeneration=3:int64 conditions=6:[]apps.ReplicaSetCondition',
  RollingUpdateDaemonSet: 'maxUnavailable=1:IntOrString* maxSurge=2:IntOrString*',
  RollingUpdateDeployment: 'maxUnavailable=1:IntOrString* maxSurge=2:IntOrString*',
  RollingUpdateStatefulSetStrategy: 'partition=1:int32* maxUnavailable=2:IntOrString*',
  StatefulSet:
    'metadata=1:meta.ObjectMeta spec=2:apps.StatefulSetSpec status=3:apps.StatefulSetStatus',
  StatefulSetCondition:
    'type=1:string! status=2:string! lastTransitionTime=3:Time reason=4:string message=5:string',
  StatefulSetOrdinals: 'start=1:int32!',
  StatefulSetPersistentVolumeClaimRetentionPolicy: 'whenDeleted=1:string whenScaled=2:string',
  StatefulSetSpec:
    'replicas=1:int32* selector=2:meta.LabelSelector*! template=3:core.PodTemplateSpec! volumeClaimTemplates=4:[]core.PersistentVolumeClaim serviceName=5:string! podManagementPolicy=6:string updateStrategy=7:apps.StatefulSetUpdateStrategy revisionHistoryLimit=8:int32* minReadySeconds=9:int32 persistentVolumeClaimRetentionPolicy=10:apps.StatefulSetPersistentVolumeClaimRetentionPolicy* ordinals=11:apps.StatefulSetOrdinals*',
  StatefulSetStatus:
    'observedGeneration=1:int64 replicas=2:int32! readyReplicas=3:int32 currentReplicas=4:int32 updatedReplicas=5:int32 currentRevision=6:string updateRevision=7:string collisionCount=9:int32* conditions=10:[]apps.StatefulSetCondition availableReplicas=11:int32!',
  StatefulSetUpdateStrategy: 'type=1:string rollingUpdate=2:apps.RollingUpdateStatefulSetStrategy*',
}

/** k8s.io/api/authentication/v1 */
export const AUTHENTICATION_V1: MessageTable = {
  BoundObjectReference: 'kind=1:string apiVersion=2:string name=3:string uid=4:string',
  TokenRequest:
    'metadata=1:meta.ObjectMeta spec=2:authentication.TokenRequestSpec! status=3:authentication.TokenRequestStatus',
  TokenRequestSpec:
    'audiences=1:[]string! expirationSeconds=4:int64*! boundObjectRef=3:authentication.BoundObjectReference*!',
  TokenRequestStatus: 'token=1:string! expirationTimestamp=2:Time!',
}

/** k8s.io/api/autoscaling/v1 */
export const AUTOSCALING_V1: MessageTable = {
  CrossVersionObjectReference: 'kind=1:string! name=2:string! apiVersion=3:string',
  HorizontalPodAutoscaler:
    'metadata=1:meta.ObjectMeta spec=2:autoscalingV1.HorizontalPodAutoscalerSpec status=3:autoscalingV1.HorizontalPodAutoscalerStatus',
  HorizontalPodAutoscalerSpec:
    'scaleTargetRef=1:autoscalingV1.CrossVersionObjectReference! minReplicas=2:int32* maxReplicas=3:int32! targetCPUUtilizationPercentage=4:int32*',
  HorizontalPodAutoscalerStatus:
    'observedGeneration=1:int64* lastScaleTime=2:Time* currentReplicas=3:int32! desiredReplicas=4:int32! currentCPUUtilizationPercentage=5:int32*',
  Scale:
    'metadata=1:meta.ObjectMeta spec=2:autoscalingV1.ScaleSpec status=3:autoscalingV1.ScaleStatus',
  ScaleSpec: 'replicas=1:int32',
  ScaleStatus: 'replicas=1:int32! selector=2:string',
}

/** k8s.io/api/autoscaling/v2 */
export const AUTOSCALING_V2: MessageTable = {
  ContainerResourceMetricSource:
    'name=1:string! target=2:autoscalingV2.MetricTarget! container=3:string!',
  ContainerResourceMetricStatus:
    'name=1:string! current=2:autoscalingV2.MetricValueStatus! container=3:string!',
  CrossVersionObjectReference: 'kind=1:string! name=2:string! apiVersion=3:string',
  ExternalMetricSource:
    'metric=1:autoscalingV2.MetricIdentifier! target=2:autoscalingV2.MetricTarget!',
  ExternalMetricStatus:
    'metric=1:autoscalingV2.MetricIdentifier! current=2:autoscalingV2.MetricValueStatus!',
  HPAScalingPolicy: 'type=1:string! value=2:int32! periodSeconds=3:int32!',
  HPAScalingRules:
    'stabilizationWindowSeconds=3:int32* selectPolicy=1:string* policies=2:[]autoscalingV2.HPAScalingPolicy',
  HorizontalPodAutoscaler:
    'metadata=1:meta.ObjectMeta spec=2:autoscalingV2.HorizontalPodAutoscalerSpec status=3:autoscalingV2.HorizontalPodAutoscalerStatus',
  HorizontalPodAutoscalerBehavior:
    'scaleUp=1:autoscalingV2.HPAScalingRules* scaleDown=2:autoscalingV2.HPAScalingRules*',
  HorizontalPodAutoscalerCondition:
    'type=1:string! status=2:string! lastTransitionTime=3:Time reason=4:string message=5:string',
  HorizontalPodAutoscalerSpec:
    'scaleTargetRef=1:autoscalingV2.CrossVersionObjectReference! minReplicas=2:int32* maxReplicas=3:int32! metrics=4:[]autoscalingV2.MetricSpec behavior=5:autoscalingV2.HorizontalPodAutoscalerBehavior*',
  HorizontalPodAutoscalerStatus:
    'observedGeneration=1:int64* lastScaleTime=2:Time* currentReplicas=3:int32 desiredReplicas=4:int32! currentMetrics=5:[]autoscalingV2.MetricStatus! conditions=6:[]autoscalingV2.HorizontalPodAutoscalerCondition',
  MetricIdentifier: 'name=1:string! selector=2:meta.LabelSelector*',
  MetricSpec:
    'type=1:string! object=2:autoscalingV2.ObjectMetricSource* pods=3:autoscalingV2.PodsMetricSource* resource=4:autoscalingV2.ResourceMetricSource* containerResource=7:autoscalingV2.ContainerResourceMetricSource* external=5:autoscalingV2.ExternalMetricSource*',
  MetricStatus:
    'type=1:string! object=2:autoscalingV2.ObjectMetricStatus* pods=3:autoscalingV2.PodsMetricStatus* resource=4:autoscalingV2.ResourceMetricStatus* containerResource=7:autoscalingV2.ContainerResourceMetricStatus* external=5:autoscalingV2.ExternalMetricStatus*',
  MetricTarget:
    'type=1:string! value=2:Quantity* averageValue=3:Quantity* averageUtilization=4:int32*',
  MetricValueStatus: 'value=1:Quantity* averageValue=2:Quantity* averageUtilization=3:int32*',
  ObjectMetricSource:
    'describedObject=1:autoscalingV2.CrossVersionObjectReference! target=2:autoscalingV2.MetricTarget! metric=3:autoscalingV2.MetricIdentifier!',
  ObjectMetricStatus:
    'metric=1:autoscalingV2.MetricIdentifier! current=2:autoscalingV2.MetricValueStatus! describedObject=3:autoscalingV2.CrossVersionObjectReference!',
  PodsMetricSource: 'metric=1:autoscalingV2.MetricIdentifier! target=2:autoscalingV2.MetricTarget!',
  PodsMetricStatus:
    'metric=1:autoscalingV2.MetricIdentifier! current=2:autoscalingV2.MetricValueStatus!',
  ResourceMetricSource: 'name=1:string! target=2:autoscalingV2.MetricTarget!',
  ResourceMetricStatus: 'name=1:string! current=2:autoscalingV2.MetricValueStatus!',
}

/** k8s.io/api/batch/v1 */
export const BATCH_V1: MessageTable = {
  CronJob: 'metadata=1:meta.ObjectMeta spec=2:batch.CronJobSpec status=3:batch.CronJobStatus',
  CronJobSpec:
    'schedule=1:string! timeZone=8:string* startingDeadlineSeconds=2:int64* concurrencyPolicy=3:string suspend=4:bool* jobTemplate=5:batch.JobTemplateSpec! successfulJobsHistoryLimit=6:int32* failedJobsHistoryLimit=7:int32*',
  CronJobStatus:
    'active=1:[]core.ObjectReference lastScheduleTime=4:Time* lastSuccessfulTime=5:Time*',
  Job: 'metadata=1:meta.ObjectMeta spec=2:batch.JobSpec status=3:batch.JobStatus',
  JobCondition:
    'type=1:string! status=2:string! lastProbeTime=3:Time lastTransitionTime=4:Time reason=5:string message=6:string',
  JobSpec:
    'parallelism=1:int32* completions=2:int32* activeDeadlineSeconds=3:int64* podFailurePolicy=11:batch.PodFailurePolicy* successPolicy=16:batch.SuccessPolicy* backoffLimit=7:int32* backoffLimitPerIndex=12:int32* maxFailedIndexes=13:int32* selector=4:meta.LabelSelector* manualSelector=5:bool* template=6:core.PodTemplateSpec! ttlSecondsAfterFinished=8:int32* completionMode=9:string* suspend=10:bool* podReplacementPolicy=14:string* managedBy=15:string*',
  JobStatus:
    'conditions=1:[]batch.JobCondition startTime=2:Time* completionTime=3:Time* active=4:int32 succeeded=5:int32 failed=6:int32 terminating=11:int32* completedIndexes=7:string failedIndexes=10:string* uncountedTerminatedPods=8:batch.UncountedTerminatedPods* ready=9:int32*',
  JobTemplateSpec: 'metadata=1:meta.ObjectMeta spec=2:batch.JobSpec',
  PodFailurePolicy: 'rules=1:[]batch.PodFailurePolicyRule!',
  PodFailurePolicyOnExitCodesRequirement:
    'containerName=1:string* operator=2:string! values=3:[]int32!',
  PodFailurePolicyOnPodConditionsPattern: 'type=1:string! status=2:string!',
  PodFailurePolicyRule:
    'action=1:string! onExitCodes=2:batch.PodFailurePolicyOnExitCodesRequirement* onPodConditions=3:[]batch.PodFailurePolicyOnPodConditionsPattern',
  SuccessPolicy: 'rules=1:[]batch.SuccessPolicyRule!',
  SuccessPolicyRule: 'succeededIndexes=1:string* succeededCount=2:int32*',
  UncountedTerminatedPods: 'succeeded=1:[]string failed=2:[]string',
}

/** k8s.io/api/certificates/v1 */
export const CERTIFICATES_V1: MessageTable = {
  CertificateSigningRequest:
    'metadata=1:meta.ObjectMeta spec=2:certificates.CertificateSigningRequestSpec! status=3:certificates.CertificateSigningRequestStatus',
  CertificateSigningRequestCondition:
    'type=1:string! status=6:string! reason=2:string message=3:string lastUpdateTime=4:Time lastTransitionTime=5:Time',
  CertificateSigningRequestSpec:
    'request=1:bytes! signerName=7:string! expirationSeconds=8:int32* usages=5:[]string username=2:string uid=3:string groups=4:[]string extra=6:{}StringList',
  CertificateSigningRequestStatus:
    'conditions=1:[]certificates.CertificateSigningRequestCondition certificate=2:bytes',
}

/** k8s.io/api/networking/v1 */
export const NETWORKING_V1: MessageTable = {
  HTTPIngressPath: 'path=1:string pathType=3:string*! backend=2:networking.IngressBackend!',
  HTTPIngressRuleValue: 'paths=1:[]networking.HTTPIngressPath!',
  Ingress:
    'metadata=1:meta.ObjectMeta spec=2:networking.IngressSpec status=3:networking.IngressStatus',
  IngressBackend:
    'service=4:networking.IngressServiceBackend* resource=3:core.TypedLocalObjectReference*',
  IngressLoadBalancerIngress:
    'ip=1:string hostname=2:string ports=4:[]networking.IngressPortStatus',
  IngressLoadBalancerStatus: 'ingress=1:[]networking.IngressLoadBalancerIngress',
  IngressPortStatus: 'port=1:int32! protocol=2:string! error=3:string*',
  IngressRule: 'host=1:string ingressRuleValue=2:networking.IngressRuleValue^',
  IngressRuleValue: 'http=1:networking.HTTPIngressRuleValue*',
  IngressServiceBackend: 'name=1:string! port=2:networking.ServiceBackendPort',
  IngressSpec:
    'ingressClassName=4:string* defaultBackend=1:networking.IngressBackend* tls=2:[]networking.IngressTLS rules=3:[]networking.IngressRule',
  IngressStatus: 'loadBalancer=1:networking.IngressLoadBalancerStatus',
  IngressTLS: 'hosts=1:[]string secretName=2:string',
  ServiceBackendPort: 'name=1:string number=2:int32',
}

/** k8s.io/api/policy/v1 */
export const POLICY_V1: MessageTable = {
  Eviction: 'metadata=1:meta.ObjectMeta deleteOptions=2:meta.DeleteOptions*',
  PodDisruptionBudget:
    'metadata=1:meta.ObjectMeta spec=2:policy.PodDisruptionBudgetSpec status=3:policy.PodDisruptionBudgetStatus',
  PodDisruptionBudgetSpec:
    'minAvailable=1:IntOrString* selector=2:meta.LabelSelector* maxUnavailable=3:IntOrString* unhealthyPodEvictionPolicy=4:string*',
  PodDisruptionBudgetStatus:
    'observedGeneration=1:int64 disruptedPods=2:{}Time disruptionsAllowed=3:int32! currentHealthy=4:int32! desiredHealthy=5:int32! expectedPods=6:int32! conditions=7:[]meta.Condition',
}

/** k8s.io/api/rbac/v1 */
export const RBAC_V1: MessageTable = {
  AggregationRule: 'clusterRoleSelectors=1:[]meta.LabelSelector',
  ClusterRole:
    'metadata=1:meta.ObjectMeta rules=2:[]rbac.PolicyRule! aggregationRule=3:rbac.AggregationRule*',
  ClusterRoleBinding:
    'metadata=1:meta.ObjectMeta subjects=2:[]rbac.Subject roleRef=3:rbac.RoleRef!',
  PolicyRule:
    'verbs=1:[]string! apiGroups=2:[]string resources=3:[]string resourceNames=4:[]string nonResourceURLs=5:[]string',
  Role: 'metadata=1:meta.ObjectMeta rules=2:[]rbac.PolicyRule!',
  RoleBinding: 'metadata=1:meta.ObjectMeta subjects=2:[]rbac.Subject roleRef=3:rbac.RoleRef!',
  RoleRef: 'apiGroup=1:string! kind=2:string! name=3:string!',
  Subject: 'kind=1:string! apiGroup=2:string name=3:string! namespace=4:string',
}

/** k8s.io/api/scheduling/v1 */
export const SCHEDULING_V1: MessageTable = {
  PriorityClass:
    'metadata=1:meta.ObjectMeta value=2:int32! globalDefault=3:bool description=4:string preemptionPolicy=5:string*',
}
