import type { MessageTable } from '../schema.ts'

// The meta/v1 messages reachable from the kinds kubectl 1.32 sends as protobuf, taken from the v1.32
// generated.proto files (field numbers, types) and types.go struct tags (JSON names, pointers,
// omitempty, inlined structs). Notation in ../schema.ts.

/** k8s.io/apimachinery/pkg/apis/meta/v1 */
export const META_V1: MessageTable = {
  Condition:
    'type=1:string! status=2:string! observedGeneration=3:int64 lastTransitionTime=4:Time! reason=5:string! message=6:string!',
  DeleteOptions:
    'gracePeriodSeconds=1:int64* preconditions=2:meta.Preconditions* orphanDependents=3:bool* propagationPolicy=4:string* dryRun=5:[]string ignoreStoreReadErrorWithClusterBreakingPotential=6:bool*',
  LabelSelector: 'matchLabels=1:{}string matchExpressions=2:[]meta.LabelSelectorRequirement',
  LabelSelectorRequirement: 'key=1:string! operator=2:string! values=3:[]string',
  ManagedFieldsEntry:
    'manager=1:string operation=2:string apiVersion=3:string time=4:Time* fieldsType=6:string fieldsV1=7:FieldsV1* subresource=8:string',
  ObjectMeta:
    'name=1:string generateName=2:string namespace=3:string selfLink=4:string uid=5:string resourceVersion=6:string generation=7:int64 creationTimestamp=8:Time deletionTimestamp=9:Time* deletionGracePeriodSeconds=10:int64* labels=11:{}string annotations=12:{}string ownerReferences=13:[]meta.OwnerReference finalizers=14:[]string managedFields=17:[]meta.ManagedFieldsEntry',
  OwnerReference:
    'apiVersion=5:string! kind=1:string! name=3:string! uid=4:string! controller=6:bool* blockOwnerDeletion=7:bool*',
  Preconditions: 'uid=1:string* resourceVersion=2:string*',
}
