import type { MessageTable } from '../schema.ts'

// The core/v1 messages reachable from the kinds kubectl 1.32 sends as protobuf, taken from the v1.32
// generated.proto files (field numbers, types) and types.go struct tags (JSON names, pointers,
// omitempty, inlined structs). Notation in ../schema.ts.

/** k8s.io/api/core/v1 */
export const CORE_V1: MessageTable = {
  AWSElasticBlockStoreVolumeSource:
    'volumeID=1:string! fsType=2:string partition=3:int32 readOnly=4:bool',
  Affinity:
    'nodeAffinity=1:core.NodeAffinity* podAffinity=2:core.PodAffinity* podAntiAffinity=3:core.PodAntiAffinity*',
  AppArmorProfile: 'type=1:string! localhostProfile=2:string*',
  AttachedVolume: 'name=1:string! devicePath=2:string!',
  AzureDiskVolumeSource:
    'diskName=1:string! diskURI=2:string! cachingMode=3:string* fsType=4:string* readOnly=5:bool* kind=6:string*',
  AzureFileVolumeSource: 'secretName=1:string! shareName=2:string! readOnly=3:bool',
  Binding: 'metadata=1:meta.ObjectMeta target=2:core.ObjectReference!',
  CSIVolumeSource:
    'driver=1:string! readOnly=2:bool* fsType=3:string* volumeAttributes=4:{}string nodePublishSecretRef=5:core.LocalObjectReference*',
  Capabilities: 'add=1:[]string drop=2:[]string',
  CephFSVolumeSource:
    'monitors=1:[]string! path=2:string user=3:string secretFile=4:string secretRef=5:core.LocalObjectReference* readOnly=6:bool',
  CinderVolumeSource:
    'volumeID=1:string! fsType=2:string readOnly=3:bool secretRef=4:core.LocalObjectReference*',
  ClientIPConfig: 'timeoutSeconds=1:int32*',
  ClusterTrustBundleProjection:
    'name=1:string* signerName=2:string* labelSelector=3:meta.LabelSelector* optional=5:bool* path=4:string!',
  ConfigMap: 'metadata=1:meta.ObjectMeta immutable=4:bool* data=2:{}string binaryData=3:{}bytes',
  ConfigMapEnvSource: 'localObjectReference=1:core.LocalObjectReference^ optional=2:bool*',
  ConfigMapKeySelector:
    'localObjectReference=1:core.LocalObjectReference^ key=2:string! optional=3:bool*',
  ConfigMapNodeConfigSource:
    'namespace=1:string! name=2:string! uid=3:string resourceVersion=4:string kubeletConfigKey=5:string!',
  ConfigMapProjection:
    'localObjectReference=1:core.LocalObjectReference^ items=2:[]core.KeyToPath optional=4:bool*',
  ConfigMapVolumeSource:
    'localObjectReference=1:core.LocalObjectReference^ items=2:[]core.KeyToPath defaultMode=3:int32* optional=4:bool*',
  Container:
    'name=1:string! image=2:string command=3:[]string args=4:[]string workingDir=5:string ports=6:[]core.ContainerPort envFrom=19:[]core.EnvFromSource env=7:[]core.EnvVar resources=8:core.ResourceRequirements resizePolicy=23:[]core.ContainerResizePolicy restartPolicy=24:string* volumeMounts=9:[]core.VolumeMount volumeDevices=21:[]core.VolumeDevice livenessProbe=10:core.Probe* readinessProbe=11:core.Probe* startupProbe=22:core.Probe* lifecycle=12:core.Lifecycle* terminationMessagePath=13:string terminationMessagePolicy=20:string imagePullPolicy=14:string securityContext=15:core.SecurityContext* stdin=16:bool stdinOnce=17:bool tty=18:bool',
  ContainerImage: 'names=1:[]string! sizeBytes=2:int64',
  ContainerPort:
    'name=1:string hostPort=2:int32 containerPort=3:int32! protocol=4:string hostIP=5:string',
  ContainerResizePolicy: 'resourceName=1:string! restartPolicy=2:string!',
  ContainerState:
    'waiting=1:core.ContainerStateWaiting* running=2:core.ContainerStateRunning* terminated=3:core.ContainerStateTerminated*',
  ContainerStateRunning: 'startedAt=1:Time',
  ContainerStateTerminated:
    'exitCode=1:int32! signal=2:int32 reason=3:string message=4:string startedAt=5:Time finishedAt=6:Time containerID=7:string',
  ContainerStateWaiting: 'reason=1:string message=2:string',
  ContainerStatus:
    'name=1:string! state=2:core.ContainerState lastState=3:core.ContainerState ready=4:bool! restartCount=5:int32! image=6:string! imageID=7:string! containerID=8:string started=9:bool* allocatedResources=10:{}Quantity resources=11:core.ResourceRequirements* volumeMounts=12:[]core.VolumeMountStatus user=13:core.ContainerUser* allocatedResourcesStatus=14:[]core.ResourceStatus',
  ContainerUser: 'linux=1:core.LinuxContainerUser*',
  DaemonEndpoint: 'Port=1:int32!',
  DownwardAPIProjection: 'items=1:[]core.DownwardAPIVolumeFile',
  DownwardAPIVolumeFile:
    'path=1:string! fieldRef=2:core.ObjectFieldSelector* resourceFieldRef=3:core.ResourceFieldSelector* mode=4:int32*',
  DownwardAPIVolumeSource: 'items=1:[]core.DownwardAPIVolumeFile defaultMode=2:int32*',
  EmptyDirVolumeSource: 'medium=1:string sizeLimit=2:Quantity*',
  EnvFromSource:
    'prefix=1:string configMapRef=2:core.ConfigMapEnvSource* secretRef=3:core.SecretEnvSource*',
  EnvVar: 'name=1:string! value=2:string valueFrom=3:core.EnvVarSource*',
  EnvVarSource:
    'fieldRef=1:core.ObjectFieldSelector* resourceFieldRef=2:core.ResourceFieldSelector* configMapKeyRef=3:core.ConfigMapKeySelector* secretKeyRef=4:core.SecretKeySelector*',
  EphemeralContainer:
    'ephemeralContainerCommon=1:core.EphemeralContainerCommon^ targetContainerName=2:string',
  EphemeralContainerCommon:
    'name=1:string! image=2:string command=3:[]string args=4:[]string workingDir=5:string ports=6:[]core.ContainerPort envFrom=19:[]core.EnvFromSource env=7:[]core.EnvVar resources=8:core.ResourceRequirements resizePolicy=23:[]core.ContainerResizePolicy restartPolicy=24:string* volumeMounts=9:[]core.VolumeMount volumeDevices=21:[]core.VolumeDevice livenessProbe=10:core.Probe* readinessProbe=11:core.Probe* startupProbe=22:core.Probe* lifecycle=12:core.Lifecycle* terminationMessagePath=13:string terminationMessagePolicy=20:string imagePullPolicy=14:string securityContext=15:core.SecurityContext* stdin=16:bool stdinOnce=17:bool tty=18:bool',
  EphemeralVolumeSource: 'volumeClaimTemplate=1:core.PersistentVolumeClaimTemplate*',
  ExecAction: 'command=1:[]string',
  FCVolumeSource:
    'targetWWNs=1:[]string lun=2:int32* fsType=3:string readOnly=4:bool wwids=5:[]string',
  FlexVolumeSource:
    'driver=1:string! fsType=2:string secretRef=3:core.LocalObjectReference* readOnly=4:bool options=5:{}string',
  FlockerVolumeSource: 'datasetName=1:string datasetUUID=2:string',
  GCEPersistentDiskVolumeSource:
    'pdName=1:string! fsType=2:string partition=3:int32 readOnly=4:bool',
  GRPCAction: 'port=1:int32! service=2:string*!',
  GitRepoVolumeSource: 'repository=1:string! revision=2:string directory=3:string',
  GlusterfsVolumeSource: 'endpoints=1:string! path=2:string! readOnly=3:bool',
  HTTPGetAction:
    'path=1:string port=2:IntOrString! host=3:string scheme=4:string httpHeaders=5:[]core.HTTPHeader',
  HTTPHeader: 'name=1:string! value=2:string!',
  HostAlias: 'ip=1:string! hostnames=2:[]string',
  HostIP: 'ip=1:string!',
  HostPathVolumeSource: 'path=1:string! type=2:string*',
  ISCSIVolumeSource:
    'targetPortal=1:string! iqn=2:string! lun=3:int32! iscsiInterface=4:string fsType=5:string readOnly=6:bool portals=7:[]string chapAuthDiscovery=8:bool chapAuthSession=11:bool secretRef=10:core.LocalObjectReference* initiatorName=12:string*',
  ImageVolumeSource: 'reference=1:string pullPolicy=2:string',
  KeyToPath: 'key=1:string! path=2:string! mode=3:int32*',
  Lifecycle: 'postStart=1:core.LifecycleHandler* preStop=2:core.LifecycleHandler*',
  LifecycleHandler:
    'exec=1:core.ExecAction* httpGet=2:core.HTTPGetAction* tcpSocket=3:core.TCPSocketAction* sleep=4:core.SleepAction*',
  LimitRange: 'metadata=1:meta.ObjectMeta spec=2:core.LimitRangeSpec',
  LimitRangeItem:
    'type=1:string! max=2:{}Quantity min=3:{}Quantity default=4:{}Quantity defaultRequest=5:{}Quantity maxLimitRequestRatio=6:{}Quantity',
  LimitRangeSpec: 'limits=1:[]core.LimitRangeItem!',
  LinuxContainerUser: 'uid=1:int64! gid=2:int64! supplementalGroups=3:[]int64',
  LoadBalancerIngress: 'ip=1:string hostname=2:string ipMode=3:string* ports=4:[]core.PortStatus',
  LoadBalancerStatus: 'ingress=1:[]core.LoadBalancerIngress',
  LocalObjectReference: 'name=1:string',
  ModifyVolumeStatus: 'targetVolumeAttributesClassName=1:string status=2:string!',
  NFSVolumeSource: 'server=1:string! path=2:string! readOnly=3:bool',
  Namespace: 'metadata=1:meta.ObjectMeta spec=2:core.NamespaceSpec status=3:core.NamespaceStatus',
  NamespaceCondition:
    'type=1:string! status=2:string! lastTransitionTime=4:Time reason=5:string message=6:string',
  NamespaceSpec: 'finalizers=1:[]string',
  NamespaceStatus: 'phase=1:string conditions=2:[]core.NamespaceCondition',
  Node: 'metadata=1:meta.ObjectMeta spec=2:core.NodeSpec status=3:core.NodeStatus',
  NodeAddress: 'type=1:string! address=2:string!',
  NodeAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:core.NodeSelector* preferredDuringSchedulingIgnoredDuringExecution=2:[]core.PreferredSchedulingTerm',
  NodeCondition:
    'type=1:string! status=2:string! lastHeartbeatTime=3:Time lastTransitionTime=4:Time reason=5:string message=6:string',
  NodeConfigSource: 'configMap=2:core.ConfigMapNodeConfigSource*',
  NodeConfigStatus:
    'assigned=1:core.NodeConfigSource* active=2:core.NodeConfigSource* lastKnownGood=3:core.NodeConfigSource* error=4:string',
  NodeDaemonEndpoints: 'kubeletEndpoint=1:core.DaemonEndpoint',
  NodeFeatures: 'supplementalGroupsPolicy=1:bool*',
  NodeRuntimeHandler: 'name=1:string! features=2:core.NodeRuntimeHandlerFeatures*',
  NodeRuntimeHandlerFeatures: 'recursiveReadOnlyMounts=1:bool* userNamespaces=2:bool*',
  NodeSelector: 'nodeSelectorTerms=1:[]core.NodeSelectorTerm!',
  NodeSelectorRequirement: 'key=1:string! operator=2:string! values=3:[]string',
  NodeSelectorTerm:
    'matchExpressions=1:[]core.NodeSelectorRequirement matchFields=2:[]core.NodeSelectorRequirement',
  NodeSpec:
    'podCIDR=1:string podCIDRs=7:[]string providerID=3:string unschedulable=4:bool taints=5:[]core.Taint configSource=6:core.NodeConfigSource* externalID=2:string',
  NodeStatus:
    'capacity=1:{}Quantity allocatable=2:{}Quantity phase=3:string conditions=4:[]core.NodeCondition addresses=5:[]core.NodeAddress daemonEndpoints=6:core.NodeDaemonEndpoints nodeInfo=7:core.NodeSystemInfo images=8:[]core.ContainerImage volumesInUse=9:[]string volumesAttached=10:[]core.AttachedVolume config=11:core.NodeConfigStatus* runtimeHandlers=12:[]core.NodeRuntimeHandler features=13:core.NodeFeatures*',
  NodeSystemInfo:
    'machineID=1:string! systemUUID=2:string! bootID=3:string! kernelVersion=4:string! osImage=5:string! containerRuntimeVersion=6:string! kubeletVersion=7:string! kubeProxyVersion=8:string! operatingSystem=9:string! architecture=10:string!',
  ObjectFieldSelector: 'apiVersion=1:string fieldPath=2:string!',
  ObjectReference:
    'kind=1:string namespace=2:string name=3:string uid=4:string apiVersion=5:string resourceVersion=6:string fieldPath=7:string',
  PersistentVolumeClaim:
    'metadata=1:meta.ObjectMeta spec=2:core.PersistentVolumeClaimSpec status=3:core.PersistentVolumeClaimStatus',
  PersistentVolumeClaimCondition:
    'type=1:string! status=2:string! lastProbeTime=3:Time lastTransitionTime=4:Time reason=5:string message=6:string',
  PersistentVolumeClaimSpec:
    'accessModes=1:[]string selector=4:meta.LabelSelector* resources=2:core.VolumeResourceRequirements volumeName=3:string storageClassName=5:string* volumeMode=6:string* dataSource=7:core.TypedLocalObjectReference* dataSourceRef=8:core.TypedObjectReference* volumeAttributesClassName=9:string*',
  PersistentVolumeClaimStatus:
    'phase=1:string accessModes=2:[]string capacity=3:{}Quantity conditions=4:[]core.PersistentVolumeClaimCondition allocatedResources=5:{}Quantity allocatedResourceStatuses=7:{}string currentVolumeAttributesClassName=8:string* modifyVolumeStatus=9:core.ModifyVolumeStatus*',
  PersistentVolumeClaimTemplate:
    'metadata=1:meta.ObjectMeta spec=2:core.PersistentVolumeClaimSpec!',
  PersistentVolumeClaimVolumeSource: 'claimName=1:string! readOnly=2:bool',
  PhotonPersistentDiskVolumeSource: 'pdID=1:string! fsType=2:string',
  Pod: 'metadata=1:meta.ObjectMeta spec=2:core.PodSpec status=3:core.PodStatus',
  PodAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:[]core.PodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution=2:[]core.WeightedPodAffinityTerm',
  PodAffinityTerm:
    'labelSelector=1:meta.LabelSelector* namespaces=2:[]string topologyKey=3:string! namespaceSelector=4:meta.LabelSelector* matchLabelKeys=5:[]string mismatchLabelKeys=6:[]string',
  PodAntiAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:[]core.PodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution=2:[]core.WeightedPodAffinityTerm',
  PodCondition:
    'type=1:string! status=2:string! lastProbeTime=3:Time lastTransitionTime=4:Time reason=5:string message=6:string',
  PodDNSConfig: 'nameservers=1:[]string searches=2:[]string options=3:[]core.PodDNSConfigOption',
  PodDNSConfigOption: 'name=1:string value=2:string*',
  PodIP: 'ip=1:string!',
  PodOS: 'name=1:string!',
  PodReadinessGate: 'conditionType=1:string!',
  PodResourceClaim:
    'name=1:string! resourceClaimName=3:string* resourceClaimTemplateName=4:string*',
  PodResourceClaimStatus: 'name=1:string! resourceClaimName=2:string*',
  PodSchedulingGate: 'name=1:string!',
  PodSecurityContext:
    'seLinuxOptions=1:core.SELinuxOptions* windowsOptions=8:core.WindowsSecurityContextOptions* runAsUser=2:int64* runAsGroup=6:int64* runAsNonRoot=3:bool* supplementalGroups=4:[]int64 supplementalGroupsPolicy=12:string* fsGroup=5:int64* sysctls=7:[]core.Sysctl fsGroupChangePolicy=9:string* seccompProfile=10:core.SeccompProfile* appArmorProfile=11:core.AppArmorProfile* seLinuxChangePolicy=13:string*',
  PodSpec:
    'volumes=1:[]core.Volume initContainers=20:[]core.Container containers=2:[]core.Container! ephemeralContainers=34:[]core.EphemeralContainer restartPolicy=3:string terminationGracePeriodSeconds=4:int64* activeDeadlineSeconds=5:int64* dnsPolicy=6:string nodeSelector=7:{}string serviceAccountName=8:string serviceAccount=9:string automountServiceAccountToken=21:bool* nodeName=10:string hostNetwork=11:bool hostPID=12:bool hostIPC=13:bool shareProcessNamespace=27:bool* securityContext=14:core.PodSecurityContext* imagePullSecrets=15:[]core.LocalObjectReference hostname=16:string subdomain=17:string affinity=18:core.Affinity* schedulerName=19:string tolerations=22:[]core.Toleration hostAliases=23:[]core.HostAlias priorityClassName=24:string priority=25:int32* dnsConfig=26:core.PodDNSConfig* readinessGates=28:[]core.PodReadinessGate runtimeClassName=29:string* enableServiceLinks=30:bool* preemptionPolicy=31:string* overhead=32:{}Quantity topologySpreadConstraints=33:[]core.TopologySpreadConstraint setHostnameAsFQDN=35:bool* os=36:core.PodOS* hostUsers=37:bool* schedulingGates=38:[]core.PodSchedulingGate resourceClaims=39:[]core.PodResourceClaim resources=40:core.ResourceRequirements*',
  PodStatus:
    'phase=1:string conditions=2:[]core.PodCondition message=3:string reason=4:string nominatedNodeName=11:string hostIP=5:string hostIPs=16:[]core.HostIP podIP=6:string podIPs=12:[]core.PodIP startTime=7:Time* initContainerStatuses=10:[]core.ContainerStatus containerStatuses=8:[]core.ContainerStatus qosClass=9:string ephemeralContainerStatuses=13:[]core.ContainerStatus resize=14:string resourceClaimStatuses=15:[]core.PodResourceClaimStatus',
  PodTemplateSpec: 'metadata=1:meta.ObjectMeta spec=2:core.PodSpec',
  PortStatus: 'port=1:int32! protocol=2:string! error=3:string*',
  PortworxVolumeSource: 'volumeID=1:string! fsType=2:string readOnly=3:bool',
  PreferredSchedulingTerm: 'weight=1:int32! preference=2:core.NodeSelectorTerm!',
  Probe:
    'handler=1:core.ProbeHandler^ initialDelaySeconds=2:int32 timeoutSeconds=3:int32 periodSeconds=4:int32 successThreshold=5:int32 failureThreshold=6:int32 terminationGracePeriodSeconds=7:int64*',
  ProbeHandler:
    'exec=1:core.ExecAction* httpGet=2:core.HTTPGetAction* tcpSocket=3:core.TCPSocketAction* grpc=4:core.GRPCAction*',
  ProjectedVolumeSource: 'sources=1:[]core.VolumeProjection! defaultMode=2:int32*',
  QuobyteVolumeSource:
    'registry=1:string! volume=2:string! readOnly=3:bool user=4:string group=5:string tenant=6:string',
  RBDVolumeSource:
    'monitors=1:[]string! image=2:string! fsType=3:string pool=4:string user=5:string keyring=6:string secretRef=7:core.LocalObjectReference* readOnly=8:bool',
  ResourceClaim: 'name=1:string! request=2:string',
  ResourceFieldSelector: 'containerName=1:string resource=2:string! divisor=3:Quantity',
  ResourceHealth: 'resourceID=1:string! health=2:string',
  ResourceQuota:
    'metadata=1:meta.ObjectMeta spec=2:core.ResourceQuotaSpec status=3:core.ResourceQuotaStatus',
  ResourceQuotaSpec: 'hard=1:{}Quantity scopes=2:[]string scopeSelector=3:core.ScopeSelector*',
  ResourceQuotaStatus: 'hard=1:{}Quantity used=2:{}Quantity',
  ResourceRequirements: 'limits=1:{}Quantity requests=2:{}Quantity claims=3:[]core.ResourceClaim',
  ResourceStatus: 'name=1:string! resources=2:[]core.ResourceHealth',
  SELinuxOptions: 'user=1:string role=2:string type=3:string level=4:string',
  ScaleIOVolumeSource:
    'gateway=1:string! system=2:string! secretRef=3:core.LocalObjectReference*! sslEnabled=4:bool protectionDomain=5:string storagePool=6:string storageMode=7:string volumeName=8:string fsType=9:string readOnly=10:bool',
  ScopeSelector: 'matchExpressions=1:[]core.ScopedResourceSelectorRequirement',
  ScopedResourceSelectorRequirement: 'scopeName=1:string! operator=2:string! values=3:[]string',
  SeccompProfile: 'type=1:string! localhostProfile=2:string*',
  Secret:
    'metadata=1:meta.ObjectMeta immutable=5:bool* data=2:{}bytes stringData=4:{}string type=3:string',
  SecretEnvSource: 'localObjectReference=1:core.LocalObjectReference^ optional=2:bool*',
  SecretKeySelector:
    'localObjectReference=1:core.LocalObjectReference^ key=2:string! optional=3:bool*',
  SecretProjection:
    'localObjectReference=1:core.LocalObjectReference^ items=2:[]core.KeyToPath optional=4:bool*',
  SecretVolumeSource:
    'secretName=1:string items=2:[]core.KeyToPath defaultMode=3:int32* optional=4:bool*',
  SecurityContext:
    'capabilities=1:core.Capabilities* privileged=2:bool* seLinuxOptions=3:core.SELinuxOptions* windowsOptions=10:core.WindowsSecurityContextOptions* runAsUser=4:int64* runAsGroup=8:int64* runAsNonRoot=5:bool* readOnlyRootFilesystem=6:bool* allowPrivilegeEscalation=7:bool* procMount=9:string* seccompProfile=11:core.SeccompProfile* appArmorProfile=12:core.AppArmorProfile*',
  Service: 'metadata=1:meta.ObjectMeta spec=2:core.ServiceSpec status=3:core.ServiceStatus',
  ServiceAccount:
    'metadata=1:meta.ObjectMeta secrets=2:[]core.ObjectReference imagePullSecrets=3:[]core.LocalObjectReference automountServiceAccountToken=4:bool*',
  ServiceAccountTokenProjection: 'audience=1:string expirationSeconds=2:int64* path=3:string!',
  ServicePort:
    'name=1:string protocol=2:string appProtocol=6:string* port=3:int32! targetPort=4:IntOrString nodePort=5:int32',
  ServiceSpec:
    'ports=1:[]core.ServicePort selector=2:{}string clusterIP=3:string clusterIPs=18:[]string type=4:string externalIPs=5:[]string sessionAffinity=7:string loadBalancerIP=8:string loadBalancerSourceRanges=9:[]string externalName=10:string externalTrafficPolicy=11:string healthCheckNodePort=12:int32 publishNotReadyAddresses=13:bool sessionAffinityConfig=14:core.SessionAffinityConfig* ipFamilies=19:[]string ipFamilyPolicy=17:string* allocateLoadBalancerNodePorts=20:bool* loadBalancerClass=21:string* internalTrafficPolicy=22:string* trafficDistribution=23:string*',
  ServiceStatus: 'loadBalancer=1:core.LoadBalancerStatus conditions=2:[]meta.Condition',
  SessionAffinityConfig: 'clientIP=1:core.ClientIPConfig*',
  SleepAction: 'seconds=1:int64!',
  StorageOSVolumeSource:
    'volumeName=1:string volumeNamespace=2:string fsType=3:string readOnly=4:bool secretRef=5:core.LocalObjectReference*',
  Sysctl: 'name=1:string! value=2:string!',
  TCPSocketAction: 'port=1:IntOrString! host=2:string',
  Taint: 'key=1:string! value=2:string effect=3:string! timeAdded=4:Time*',
  Toleration:
    'key=1:string operator=2:string value=3:string effect=4:string tolerationSeconds=5:int64*',
  TopologySpreadConstraint:
    'maxSkew=1:int32! topologyKey=2:string! whenUnsatisfiable=3:string! labelSelector=4:meta.LabelSelector* minDomains=5:int32* nodeAffinityPolicy=6:string* nodeTaintsPolicy=7:string* matchLabelKeys=8:[]string',
  TypedLocalObjectReference: 'apiGroup=1:string*! kind=2:string! name=3:string!',
  TypedObjectReference: 'apiGroup=1:string*! kind=2:string! name=3:string! namespace=4:string*',
  Volume: 'name=1:string! volumeSource=2:core.VolumeSource^',
  VolumeDevice: 'name=1:string! devicePath=2:string!',
  VolumeMount:
    'name=1:string! readOnly=2:bool recursiveReadOnly=7:string* mountPath=3:string! subPath=4:string mountPropagation=5:string* subPathExpr=6:string',
  VolumeMountStatus:
    'name=1:string! mountPath=2:string! readOnly=3:bool recursiveReadOnly=4:string*',
  VolumeProjection:
    'secret=1:core.SecretProjection* downwardAPI=2:core.DownwardAPIProjection* configMap=3:core.ConfigMapProjection* serviceAccountToken=4:core.ServiceAccountTokenProjection* clusterTrustBundle=5:core.ClusterTrustBundleProjection*',
  VolumeResourceRequirements: 'limits=1:{}Quantity requests=2:{}Quantity',
  VolumeSource:
    'hostPath=1:core.HostPathVolumeSource* emptyDir=2:core.EmptyDirVolumeSource* gcePersistentDisk=3:core.GCEPersistentDiskVolumeSource* awsElasticBlockStore=4:core.AWSElasticBlockStoreVolumeSource* gitRepo=5:core.GitRepoVolumeSource* secret=6:core.SecretVolumeSource* nfs=7:core.NFSVolumeSource* iscsi=8:core.ISCSIVolumeSource* glusterfs=9:core.GlusterfsVolumeSource* persistentVolumeClaim=10:core.PersistentVolumeClaimVolumeSource* rbd=11:core.RBDVolumeSource* flexVolume=12:core.FlexVolumeSource* cinder=13:core.CinderVolumeSource* cephfs=14:core.CephFSVolumeSource* flocker=15:core.FlockerVolumeSource* downwardAPI=16:core.DownwardAPIVolumeSource* fc=17:core.FCVolumeSource* azureFile=18:core.AzureFileVolumeSource* configMap=19:core.ConfigMapVolumeSource* vsphereVolume=20:core.VsphereVirtualDiskVolumeSource* quobyte=21:core.QuobyteVolumeSource* azureDisk=22:core.AzureDiskVolumeSource* photonPersistentDisk=23:core.PhotonPersistentDiskVolumeSource* projected=26:core.ProjectedVolumeSource* portworxVolume=24:core.PortworxVolumeSource* scaleIO=25:core.ScaleIOVolumeSource* storageos=27:core.StorageOSVolumeSource* csi=28:core.CSIVolumeSource* ephemeral=29:core.EphemeralVolumeSource* image=30:core.ImageVolumeSource*',
  VsphereVirtualDiskVolumeSource:
    'volumePath=1:string! fsType=2:string storagePolicyName=3:string storagePolicyID=4:string',
  WeightedPodAffinityTerm: 'weight=1:int32! podAffinityTerm=2:core.PodAffinityTerm!',
  WindowsSecurityContextOptions:
    'gmsaCredentialSpecName=1:string* gmsaCredentialSpec=2:string* runAsUserName=3:string* hostProcess=4:bool*',
}
